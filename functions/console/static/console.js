// The distribution chart of the unit page: Chart.js (static/vendor, from npm) draws the data
// the page carries in #distribution-data. Without Chart.js the page keeps its tables.
(function () {
  "use strict";
  var canvas = document.getElementById("distribution-chart");
  var source = document.getElementById("distribution-data");
  if (!canvas || !source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = data.broken.map(function (broken) {
    return broken ? "#c0392b" : "#2e86c1";
  });
  var point = function (colour, style) {
    return {
      type: "line",
      showLine: false,
      pointStyle: style,
      pointRadius: 10,
      pointHoverRadius: 12,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 3
    };
  };
  var datasets = [
    { type: "bar", label: data.texts.counts, data: data.counts, backgroundColor: colours }
  ];
  if (data.high.some(function (v) { return v !== null; })) {
    datasets.push(Object.assign(point("#7d3c98", "line"), { label: data.texts.high, data: data.high }));
  }
  if (data.low.some(function (v) { return v !== null; })) {
    datasets.push(Object.assign(point("#117a65", "triangle"), { label: data.texts.low, data: data.low }));
  }
  window.kinerjaChart = new window.Chart(canvas, {
    data: { labels: data.labels, datasets: datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Orang" } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
