[ "$(stat -c %s "$1/memory.lwm.damaged")" = 400 ]
