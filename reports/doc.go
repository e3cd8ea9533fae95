// Package reports turns simulation results into statistics, readable
// summaries and exported API documents. Reports are pure functions of
// results: every report starts with the seed, the scenario and the
// effective parameters, so it can be reproduced.
package reports
