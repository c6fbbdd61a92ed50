[ -s "$1/memory.lwm" ]
