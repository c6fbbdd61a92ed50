# The file holds fingerprints only: no word, name, number or address of
# the comments analysed, and nothing but the memory file is left behind.
set -e
cd "$1"
[ "$(ls -A)" = "memory.lwm" ] || { echo "files: $(ls -A)"; exit 1; }
[ "$(stat -c %a memory.lwm)" = 600 ] || { echo "mode $(stat -c %a memory.lwm)"; exit 1; }
[ "$(head -c 8 memory.lwm)" = LWMEMORY ]
# The file ends with its SHA-256 as 64 hex digits, which may well contain
# "855" by chance: only what comes before it is searched.
head -c -64 memory.lwm >"$1.body"
for text in visa Linh Doha Joy joy19920331 WhatsApp 855 "345 678" 345678 example.org posts/1 Waiters; do
	if grep -qaF -- "$text" "$1.body"; then echo "found \"$text\" in the file"; exit 1; fi
done
rm -f "$1.body"
