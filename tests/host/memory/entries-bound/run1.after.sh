# A comment and a contact: header 32 + 2 x 300 + checksum 64 bytes.
[ "$(stat -c %s "$1/memory.lwm")" = 696 ] || { echo "size $(stat -c %s "$1/memory.lwm")"; exit 1; }
