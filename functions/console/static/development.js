// The charts of the competency development page: Chart.js (static/vendor, from npm) draws each
// chart the page carries in #development-data (a canvas id, labels, datasets). Without Chart.js
// the page keeps its tables.
(function () {
  "use strict";
  var source = document.getElementById("development-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  window.kinerjaCharts = JSON.parse(source.textContent).map(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) {
      return null;
    }
    var datasets = chart.datasets.map(function (set) {
      if (set.line) {  // a mark across each bar (a target), as the distribution chart's bounds
        return {
          type: "line", label: set.label, data: set.data, showLine: false, pointStyle: "line",
          pointRadius: 24, pointHoverRadius: 26, borderWidth: 3, borderColor: set.colour,
          backgroundColor: set.colour
        };
      }
      return { type: "bar", label: set.label, data: set.data, backgroundColor: set.colour };
    });
    return new window.Chart(canvas, {
      data: { labels: chart.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: !!chart.stacked },
          y: {
            stacked: !!chart.stacked,
            beginAtZero: true,
            ticks: chart.stacked ? { precision: 0 } : {},
            title: { display: true, text: chart.y }
          }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
