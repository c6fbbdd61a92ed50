# A long run of x with a y after it: the BACKTRACK rule's nested
# quantifiers would backtrack exponentially without the match limit. The
# "xxy" at the end is a match that a prefilter which sees the whole pattern
# (the Vectorscan build) finds, so that the pattern runs in every build; the
# search stops at the limit before it gets there.
printf 'registration fee '
head -c 3000 /dev/zero | tr '\0' x
printf 'zy xxy'
