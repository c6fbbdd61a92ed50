# One thread of 100,000 comments, all the same testimonial from different
# accounts: only the first LW_THREAD_COMMENTS_MAX (10,000) are analysed.
python3 -c '
import json
c = [{"author": "user%d" % i, "text": "Got my visa in 2 weeks thanks to agent Maria, now working in Dubai!"} for i in range(100000)]
print(json.dumps({"kind": "thread", "text": "Jobs abroad", "comments": c}))'
