//go:build !race

package sclogs

const raceEnabled = false
