// Package jsonscan is the runtime of the decoders that internal/gendecode
// generates into internal/decode (and of the root package's error-document
// decoder): reflection-free decoding of one JSON document held in memory,
// with encoding/json's semantics.
//
// "encoding/json's semantics" is the contract, checked by differential fuzz
// tests (FuzzDecodeLog, FuzzDecodePage, FuzzDecodeBodies in the root
// package, FuzzRoot in internal/gendecode/kinds/kindsdecode): the same input
// gives the same Go value, and an error exactly when encoding/json gives one.
// That includes its less obvious rules: object keys match field names exactly
// or else case-insensitively (with Unicode simple folding, so "ſ" matches
// "s" but "İ" and "ı" match no "i"); the last of duplicate keys wins and decodes into what the earlier one
// left; null leaves a non-pointer value alone and sets a pointer, slice or map
// to nil; invalid UTF-8 in a string becomes U+FFFD; an integer field rejects
// 1.0 and 1e2; nesting deeper than 10,000 is an error; and a syntax error
// anywhere wins over a type mismatch earlier in the document.
//
// Nothing decoded aliases the input, so the caller may reuse the input buffer
// as soon as decoding returns: strings are copied into one allocation per
// eight elements of an array (records), and a string up to 256 bytes that
// the document repeats is stored once; raw values are copied into 8 KiB
// chunks shared by consecutive records; the pointer fields of a struct share
// one allocation (a "slab" the generator declares). A record kept alone
// keeps at most its page's text alive, and usually a few kilobytes of it.
//
// Beyond encoding/json, limits hold while decoding: an array of more than
// MaxElements elements is ErrTooManyElements wherever it is, in a member that
// is decoded or skipped alike (not in a raw value, which is kept as its
// bytes). DecodePage adds a page's rules: a null in a record list is
// ErrNullRecord, and the lists met are counted, so that a page without one
// is told from a page whose list is null.
package jsonscan
