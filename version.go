package sclogs

// Version is the version of this module, sent in the User-Agent header as
// "sclogs/<Version>".
const Version = "0.1.0"
