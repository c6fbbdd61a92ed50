# One thread of 100,000 comments from 100,000 accounts, each a near copy:
# answered with a result (or a too_large error), never a hang or a crash.
awk 'BEGIN {
	printf "{\"ref\":\"t\",\"kind\":\"thread\",\"text\":\"Great agency\",\"comments\":["
	for (i = 0; i < 100000; i++)
		printf "%s{\"id\":\"c%d\",\"author\":\"user%d\",\"text\":\"Best agency, got my visa in %d days!\"}", (i ? "," : ""), i, i, i % 7
	printf "]}\n"
}'
