// The dashboard's plotly.js: the core (with scatter) and only the trace types the dashboard draws in the
// browser. Every figure builder's trace types must be registered here; tests/app_ui/test_plotly_chart.py
// checks each page's charts against BUNDLED_TRACE_TYPES in app_ui/widgets/plotly_chart.py.
// scattergeo draws the member countries too small for the 110m map outlines (Singapore) as markers.
// The zh-CN locale translates the mode bar and plotly's own notices (config.locale = "zh-CN").
import Plotly from 'plotly.js/lib/core';
import bar from 'plotly.js/lib/bar';
import choropleth from 'plotly.js/lib/choropleth';
import heatmap from 'plotly.js/lib/heatmap';
import indicator from 'plotly.js/lib/indicator';
import scattergeo from 'plotly.js/lib/scattergeo';
import zhCN from 'plotly.js/lib/locales/zh-cn';

Plotly.register([bar, choropleth, heatmap, indicator, scattergeo, zhCN]);

export default Plotly;
