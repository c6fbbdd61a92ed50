# A memory of one entry keeps the newest and writes one: 32 + 300 + 64 bytes.
[ "$(stat -c %s "$1/memory.lwm")" = 396 ] || { echo "size $(stat -c %s "$1/memory.lwm")"; exit 1; }
