package charts

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLines_InlineSVGDeterministic(t *testing.T) {
	spec := Spec{Title: "t", XLabel: "x", YLabel: "y"}
	lines := []Line{{Name: "a", X: []float64{0, 1, 2, 3}, Y: []float64{1, math.NaN(), 2, 3}, Step: true}, {Name: "b", X: []float64{0, 3}, Y: []float64{0, 5}}}
	svg, err := Lines(spec, lines)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(svg, "<svg"), "no XML prolog: embeddable in HTML")
	assert.True(t, strings.HasSuffix(svg, "</svg>\n"))
	assert.NotContains(t, svg, "@font-face", "fonts are not embedded")
	again, err := Lines(spec, lines)
	require.NoError(t, err)
	assert.Equal(t, svg, again)

	_, err = Lines(spec, []Line{{Name: "bad", X: []float64{1}, Y: nil}})
	assert.Error(t, err)
	empty, err := Lines(spec, nil)
	require.NoError(t, err, "empty axes still draw")
	assert.Contains(t, empty, "<svg")
}

func TestHistogram(t *testing.T) {
	svg, err := Histogram(Spec{Title: "makespan histogram"}, []float64{1, 2, 2, 3, math.NaN()}, 0)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(svg, "<svg"))
	assert.Contains(t, svg, "makespan histogram", "the title is drawn")
	one, err := Histogram(Spec{Title: "makespan histogram"}, []float64{2, 2, 2, 2}, 0)
	require.NoError(t, err)
	assert.Greater(t, strings.Count(svg, "<path"), strings.Count(one, "<path"), "three bins draw more bars than one")
	assert.NotEqual(t, svg, one)
	_, err = Histogram(Spec{}, []float64{4, 4, 4}, 0)
	assert.NoError(t, err, "equal values: one bin")
	_, err = Histogram(Spec{}, []float64{math.NaN()}, 0)
	assert.Error(t, err, "no values")
}

func TestSegments_BreakAtNaN(t *testing.T) {
	segs := segments([]float64{0, 1, 2, 3, 4}, []float64{1, math.NaN(), 2, 3, math.Inf(1)})
	require.Len(t, segs, 2)
	assert.Len(t, segs[0], 1)
	assert.Len(t, segs[1], 2)
}

// Scatter draws one mark per finite point, a legend only when two sets or
// more have points, and the same bytes for the same input.
func TestScatter(t *testing.T) {
	spec := Spec{Title: "per execution", XLabel: "x", YLabel: "y"}
	two := []Points{{Name: "ran to completion", X: []float64{0, 1, 2}, Y: []float64{3, math.NaN(), 4}}, {Name: "stopped", X: []float64{5}, Y: []float64{1}}, {Name: "none", X: nil, Y: nil}}
	svg, err := Scatter(spec, two)
	require.NoError(t, err)
	again, err := Scatter(spec, two)
	require.NoError(t, err)
	assert.Equal(t, svg, again)
	assert.Contains(t, svg, "ran to completion", "a legend for two sets")
	assert.NotContains(t, svg, ">none<", "a set with no point has no legend entry")
	one, err := Scatter(spec, two[:1])
	require.NoError(t, err)
	assert.NotContains(t, one, "ran to completion", "no legend for one set")
	assert.Less(t, strings.Count(one, "<path"), strings.Count(svg, "<path"), "the NaN point is not drawn; the second set adds marks")
	_, err = Scatter(spec, []Points{{Name: "bad", X: []float64{1}}})
	assert.Error(t, err)
}
