# The largest item the limits let through: 64 fields of 256 KiB each, all
# lure text, so that every rule matches all along every field. Analysed
# whole it takes about 2 s (the real pack, the development machine), 200
# times the 10 ms budget given here: the engine must stop between units of
# work and still answer a valid result marked partial.
python3 -c '
import json
t = ("Free visa and air ticket! Registration fee 200 USD. WhatsApp only +855 12 345 678. " * 3200)[:262144]
print(json.dumps({"ref": "huge", "text": t, "fields": {"f%d" % i: t for i in range(63)}}))'
