// The dashboard's plotly.js: the core (with scatter) and only the trace types the dashboard draws in the
// browser. Every figure builder's trace types must be registered here; tests/dashboard/test_plotly_bundle.py
// checks each page's charts against BUNDLED_TRACE_TYPES in app_ui/widgets/plotly_chart.py.
import Plotly from 'plotly.js/lib/core';
import bar from 'plotly.js/lib/bar';
import choropleth from 'plotly.js/lib/choropleth';
import heatmap from 'plotly.js/lib/heatmap';
import indicator from 'plotly.js/lib/indicator';

Plotly.register([bar, choropleth, heatmap, indicator]);

export default Plotly;
