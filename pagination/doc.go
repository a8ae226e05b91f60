// Package pagination follows cursor-paginated HTTP listings safely: it parses
// RFC 8288 Link headers ([ParseLinks], [Next]; a header it cannot read is
// [ErrBadLinkHeader]), keeps every followed URL inside the listing's origin
// and path ([Scope]), refuses a cursor that goes round in a circle
// ([ErrStuckCursor]) or a run of empty pages ([ErrEmptyPages]), and turns the
// pages into iterators
// ([Pages], [Items]) that can fetch ahead while the caller works.
//
// It is generic over the record type and knows nothing of any particular API:
// the caller supplies a [FetchFunc] that turns one URL into one [Page].
package pagination
