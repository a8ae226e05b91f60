package exporter

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metric and label names: a contract that dashboards and alerting rules
// (docs/sclogs-alerts.yml) rely on.
const (
	labelIntegration = "integration_id"
	labelCause       = "cause"
	labelShop        = "shop_name"
	labelSystem      = "system"
	labelResult      = "result"

	resultSuccess = "success"
	resultError   = "error"
)

// metrics are the exporter's collectors.
type metrics struct {
	logs     *prometheus.CounterVec // integration_id, cause
	failing  *prometheus.GaugeVec   // integration_id
	lastSeen *prometheus.GaugeVec   // integration_id
	info     *prometheus.GaugeVec   // integration_id, shop_name, system
	polls    *prometheus.CounterVec // result
	lastPoll prometheus.Gauge
	limited  prometheus.Counter
	unread   prometheus.Counter
	overflow prometheus.Gauge
}

// newMetrics creates the collectors and registers them on reg, with the Go
// runtime's and the process's (memory, CPU, open files) and, when a is not
// nil, the client's retries and 429s.
func newMetrics(reg *prometheus.Registry, a *AttemptCounter) *metrics {
	m := &metrics{
		logs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sendcloud_integration_exception_logs_total",
			Help: "Exception logs seen since the exporter started, by integration and by the cause doctor names (its fix category).",
		}, []string{labelIntegration, labelCause}),
		failing: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sendcloud_integration_failing",
			Help: "1 while the API reports the integration failing (started_failing_at set), else 0.",
		}, []string{labelIntegration}),
		lastSeen: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sendcloud_integration_last_exception_timestamp_seconds",
			Help: "created_at of the integration's newest exception log seen, in Unix seconds.",
		}, []string{labelIntegration}),
		info: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sendcloud_integration_info",
			Help: "Always 1: the integration's shop name (sanitised, redacted, cut to 64 characters) and system.",
		}, []string{labelIntegration, labelShop, labelSystem}),
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sclogs_exporter_polls_total",
			Help: "Polls of the API (integrations, then new logs), by result: success or error.",
		}, []string{labelResult}),
		lastPoll: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sclogs_exporter_last_successful_poll_timestamp_seconds",
			Help: "When the last poll succeeded, in Unix seconds (0: none yet).",
		}),
		limited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sclogs_exporter_polls_limited_total",
			Help: "Polls that stopped at a limit (pages, records, memory) before reaching logs seen before: older new logs may be uncounted.",
		}),
		unread: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sclogs_exporter_logs_unread_total",
			Help: "New logs on pages read that a poll skipped at a limit, not counted (a lower bound).",
		}),
		overflow: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sclogs_exporter_integrations_over_limit",
			Help: "Integrations of the account beyond --max-integrations: their logs count under integration_id=\"other\".",
		}),
	}
	reg.MustRegister(m.logs, m.failing, m.lastSeen, m.info, m.polls, m.lastPoll, m.limited, m.unread, m.overflow,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Both results exist from the start, so rate() and increase() see the
	// first failure.
	m.polls.WithLabelValues(resultSuccess)
	m.polls.WithLabelValues(resultError)
	if a != nil {
		reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "sclogs_exporter_http_retries_total",
				Help: "Requests to the API (and its token endpoint) the client retried after a failed attempt.",
			}, func() float64 { return float64(a.retries.Load()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "sclogs_exporter_http_rate_limited_total",
				Help: "Answers 429 Too Many Requests the client received.",
			}, func() float64 { return float64(a.limited.Load()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "sclogs_exporter_http_requests_total",
				Help: "Attempts of requests the client made to the API and its token endpoint.",
			}, func() float64 { return float64(a.attempts.Load()) }),
		)
	}
	return m
}
