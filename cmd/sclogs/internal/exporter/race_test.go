//go:build race

package exporter

// raceEnabled: the race detector's shadow memory makes RSS figures
// meaningless.
const raceEnabled = true
