package reports

import "html/template"

var pageTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ssmsim report: {{.Agg.Scenario}}</title>
<style>
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { padding: 0.2em 0.8em; text-align: left; border-bottom: 1px solid #eee; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; }
figure.chart { margin: 1em 0; }
figure.chart svg { max-width: 100%; height: auto; }
div.multiples { display: flex; flex-wrap: wrap; gap: 0 1em; }
figure.chart.small { margin: 0.5em 0; flex: 0 1 calc(50% - 1em); }
pre { background: #f8f8f8; padding: 1em; overflow-x: auto; font-size: 0.85em; }
.note { color: #666; font-size: 0.9em; }
.wide { overflow-x: auto; }
table.runs { font-size: 0.85em; }
</style>
</head>
<body>
<h1>ssmsim report — scenario {{.Agg.Scenario}}</h1>
<table class="header">
<tr><th>scenario</th><td>{{.Agg.Scenario}}</td></tr>
<tr><th>runs</th><td>{{.Runs}}</td></tr>
<tr><th>seeds</th><td>{{.Seeds}}</td></tr>
{{- if .Start}}
<tr><th>virtual start</th><td>{{.Start}}</td></tr>
{{- end}}
<tr><th>nodes</th><td>{{.Agg.Nodes}}</td></tr>
</table>
<table class="params">
<tr><th>association</th><th>targets</th><th>MaxConcurrency</th><th>MaxErrors</th><th>Duration</th></tr>
{{- range .Params}}
<tr><td>{{.Label}}</td><td>{{.Targets}}</td><td>{{.MaxConcurrency}}</td><td>{{.MaxErrors}}</td><td>{{.Duration}}</td></tr>
{{- end}}
</table>
{{- with .First}}
<h2>Run 1 (seed {{.Seed}})</h2>
{{- end}}
{{- range .RunCharts}}
<figure class="chart">{{.}}</figure>
{{- end}}
{{- if .ExecCharts}}
<h3>Execution by execution</h3>
<p class="note">One mark per execution at its creation time: a long horizon flattens each rollout on the charts above.</p>
{{- range .ExecCharts}}
<figure class="chart">{{.}}</figure>
{{- end}}
{{- end}}
{{- if .Zoom}}
<h3>The first executions of {{.ZoomOf}}: target runs in flight</h3>
<div class="multiples">
{{- range .Zoom}}
<figure class="chart small">{{.}}</figure>
{{- end}}
</div>
{{- end}}
{{- if .FirstText}}
<details><summary>Summary of run 1</summary>
<pre>{{.FirstText}}</pre>
</details>
{{- end}}
<h2>Across {{.Runs}} runs</h2>
{{- range .Histograms}}
<figure class="chart">{{.}}</figure>
{{- else}}
<p class="note">A makespan histogram needs two runs or more.</p>
{{- end}}
{{- range .Figures}}
<h3>{{.Label}}</h3>
<table class="figures">
<tr><th>figure</th><th>n</th><th>mean</th><th>95% CI (Student t)</th><th>undefined in</th></tr>
{{- range .Rows}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
<table class="stops">
<tr><th>stopped by</th><th>runs</th><th>p</th><th>95% CI (Wilson)</th></tr>
{{- range .Stops}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
{{- end}}
<h3>Any association</h3>
<table class="stops">
<tr><th>stopped by</th><th>runs</th><th>p</th><th>95% CI (Wilson)</th></tr>
{{- range .Stops}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
<p class="note">makespan, stopped after, in flight and wait/run quantiles are of each association's first execution that was not skipped by a closed calendar; time to n% is from that execution's start until n% of the association's targets had a latest run of Success.</p>
<h2>Runs</h2>
<div class="wide">
<table class="runs">
<tr><th>seed</th><th>association</th><th>executions</th><th>stopped by</th><th>makespan</th><th>stopped after</th><th>final compliance</th><th>50%</th><th>90%</th><th>99%</th><th>100%</th></tr>
{{- range .RunRows}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
</div>
</body>
</html>
`))
