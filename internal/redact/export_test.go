package redact

// GeneralRecord is Record without shortcuts (walker.general), for the
// external tests that read the fake's records.
var GeneralRecord = generalRecord
