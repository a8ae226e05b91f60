// Package follow is the poll engine of `sclogs list --follow` (and of
// anything else that wants each new log once): a [Follower] reads the newest
// pages of a listing and returns, oldest first, the logs it has not returned
// or passed over before.
//
// What it guarantees:
//   - Each log is returned once, within a poll and across polls: logs are
//     told apart by id (by a hash of the whole record when it has none), and
//     the last [Limits.Remember] ids are remembered, in fixed memory.
//   - A poll walks back from the newest page until it reaches a page whose
//     oldest log it has already seen; time never stops it (a log dated in the
//     future stays at the top of the listing and would hide every newer log
//     behind it). A page made only of logs it has seen that are dated in the
//     future does not stop it either: new logs are listed below them.
//   - What one poll holds is bounded by records ([Limits.MaxRecords]) and
//     bytes ([Limits.MaxBytes]), and what it reads by pages
//     ([Limits.MaxPages]). At a limit it stops reading, returns the newest
//     logs it holds and says so in [Result.Stop]: logs are never dropped
//     silently.
//   - A poll that fails (the page source's error) changes nothing: the next
//     poll reads the same logs again.
//
// Records are carried as [sclogs.Log] values; everything the engine knows
// about a record (its key, size and date) is in record.go.
package follow
