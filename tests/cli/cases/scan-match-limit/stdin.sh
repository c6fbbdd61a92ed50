# A long run of x with a y after it: the BACKTRACK rule's nested
# quantifiers would backtrack exponentially without the match limit.
printf 'registration fee '
head -c 3000 /dev/zero | tr '\0' x
printf 'zy'
