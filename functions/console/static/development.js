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
      return {
        type: set.line ? "line" : "bar",
        label: set.label,
        data: set.data,
        backgroundColor: set.colour,
        borderColor: set.colour,
        pointRadius: set.line ? 0 : undefined,
        borderWidth: set.line ? 2 : 0
      };
    });
    return new window.Chart(canvas, {
      data: { labels: chart.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: !!chart.stacked },
          y: { stacked: !!chart.stacked, beginAtZero: true, title: { display: true, text: chart.y } }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
