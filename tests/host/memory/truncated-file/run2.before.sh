truncate -s 400 "$1/memory.lwm"
