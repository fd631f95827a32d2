// The dashboard's chart element (app_ui/widgets/plotly_chart.py): draws a plotly figure with the dashboard's own
// plotly.js build and reports a selection the way st.plotly_chart's on_select does, as the state value
// "selection" = {points: [{curve_number, point_number, point_index, x, y, customdata, location, z}]}.
//
// The build (static/plotly/plotly-dashboard.min.js, served by Streamlit at app/static/) holds only the
// trace types the dashboard draws: a third of the size of the full plotly.js and a tenth to a fifth of its
// start-up time in the browser. The URL is relative to the page, like the map outlines, so it also works
// under a server.baseUrlPath; the frame asks for the same URL at the start of a run (chart_library.py),
// so the browser loads it once.

const LIBRARY = "app/static/plotly/plotly-dashboard.min.js";
let library = null;

function loadPlotly() {
  if (library === null) {
    library = import(new URL(LIBRARY, document.baseURI).href).then((module) => module.default);
  }
  return library;
}

function selectedPoints(eventData) {
  const points = (eventData && eventData.points) || [];
  return points.map((point) => ({
    curve_number: point.curveNumber,
    point_number: point.pointNumber,
    point_index: point.pointIndex,
    x: point.x,
    y: point.y,
    z: point.z,
    location: point.location,
    customdata: point.customdata,
  }));
}

// The mode bar's last button shows the chart on the whole screen, as Streamlit's own chart toolbar does.
const FULLSCREEN_ICON = {
  width: 24,
  height: 24,
  path: "M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z",
};

function withFullscreenButton(config, chart, label) {
  const button = {
    name: "fullscreen",
    title: label,
    icon: FULLSCREEN_ICON,
    click: () => (document.fullscreenElement === chart ? document.exitFullscreen() : chart.requestFullscreen()),
  };
  return { ...config, modeBarButtonsToAdd: [...(config.modeBarButtonsToAdd || []), button] };
}

function fitToScreen(Plotly, chart) {
  const full = document.fullscreenElement === chart;
  Plotly.relayout(chart, {
    width: full ? window.innerWidth : null,
    height: full ? window.innerHeight : chart.normalHeight,
  });
}

// A chart that cannot be drawn says why in its place, instead of leaving a blank space.
function showProblem(parentElement, text) {
  let problem = parentElement.querySelector(":scope > .alliance-chart-problem");
  if (!problem) {
    problem = document.createElement("p");
    problem.className = "alliance-chart-problem";
    problem.setAttribute("role", "alert");
    parentElement.appendChild(problem);
  }
  problem.textContent = text;
}

function clearProblem(parentElement) {
  const problem = parentElement.querySelector(":scope > .alliance-chart-problem");
  if (problem) problem.remove();
}

export default function (component) {
  const { parentElement, data, setStateValue } = component;
  let chart = parentElement.querySelector(":scope > .alliance-chart");
  if (!chart) {
    chart = document.createElement("div");
    chart.className = "alliance-chart";
    parentElement.appendChild(chart);
  }
  // The latest callback: a selection made after a rerun reports through this render's component.
  chart.reportSelection = (points) => setStateValue("selection", { points: points });

  const { config, selectable, messages } = data;
  const figure = JSON.parse(data.figure_json);
  // As st.plotly_chart does for on_select: a click selects the point (shift-click adds to it).
  const layout = selectable ? { ...figure.layout, clickmode: "event+select" } : { ...figure.layout };
  chart.normalHeight = figure.layout.height === undefined ? null : figure.layout.height;
  if (document.fullscreenElement === chart) {
    layout.width = window.innerWidth;
    layout.height = window.innerHeight;
  }
  loadPlotly().then(
    (Plotly) =>
      Plotly.react(chart, figure.data, layout, withFullscreenButton(config, chart, messages.fullscreen)).then(() => {
        clearProblem(parentElement);
        if (!chart.fullscreenBound) {
          chart.fullscreenBound = true;
          chart.addEventListener("fullscreenchange", () => fitToScreen(Plotly, chart));
        }
        if (!chart.resizeObserver) {
          // The column can change width without the window doing so (sidebar, page layout).
          chart.resizeObserver = new ResizeObserver(() => {
            if (chart.isConnected && chart._fullLayout) Plotly.Plots.resize(chart);
          });
          chart.resizeObserver.observe(parentElement);
        }
        if (selectable && !chart.selectionBound) {
          chart.selectionBound = true;
          chart.on("plotly_selected", (eventData) => chart.reportSelection(selectedPoints(eventData)));
          chart.on("plotly_deselect", () => chart.reportSelection([]));
        }
      }, (error) => showProblem(parentElement, messages.not_drawn.replace("{reason}", String(error)))),
    () => showProblem(parentElement, messages.library_missing.replace("{url}", LIBRARY))
  );

  return () => {
    // Called before the next render too: only a chart that has left the page is torn down.
    queueMicrotask(() => {
      if (chart.isConnected) return;
      if (chart.resizeObserver) chart.resizeObserver.disconnect();
      loadPlotly().then((Plotly) => Plotly.purge(chart), () => {});
    });
  };
}
