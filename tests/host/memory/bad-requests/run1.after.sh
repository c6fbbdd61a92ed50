# Nothing was written: the memory is kept in a file only when asked.
[ ! -e "$1/memory.lwm" ] || { echo "memory.lwm exists"; exit 1; }
[ -z "$(ls -A "$1" 2>/dev/null)" ] || { echo "files: $(ls -A "$1")"; exit 1; }
