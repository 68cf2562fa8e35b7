// The workflow diagram: dagre (static/vendor, from npm) lays out the graph the page carries in
// #workflow-graph (functions/engine/definitions_diagram.py graph()), edge labels included, so
// no label sits on a node or another label. Error edges (Catch to the failure handler) are left
// out of the layout and drawn as a group of their own, shown by the #show-errors checkbox;
// timeout edges (the escalation chain) are part of it. States with validation messages are
// outlined in red with their messages' numbers and a note beside them, laid out with the rest;
// choosing one shows its messages in full beside the diagram.
// Without dagre the page keeps the server's SVG.
(function () {
  "use strict";
  var box = document.getElementById("workflow-diagram");
  var source = document.getElementById("workflow-graph");
  if (!box || !source || typeof window.dagre === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.nodes.length) {
    return;
  }
  var NS = "http://www.w3.org/2000/svg";
  var COLOURS = {
    "Task": ["#e8f0fe", "#3367d6"],
    "Wait for a person": ["#fff4e0", "#e37400"],
    "Choice": ["#f3e8fd", "#8430ce"],
    "Succeed": ["#e6f4ea", "#188038"],
    "Fail": ["#fce8e6", "#c5221f"]
  };
  var EDGE = { normal: "#5f6368", timeout: "#e37400", error: "#c5221f" };

  function el(name, attributes, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  var svg = el("svg", { role: "img", "aria-label": data.title, "font-family": "sans-serif" });
  var defs = el("defs", {}, svg);
  Object.keys(EDGE).forEach(function (kind) {
    var marker = el("marker", {
      id: "arrow-" + kind, viewBox: "0 0 10 10", refX: 10, refY: 5,
      markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse"
    }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: EDGE[kind] }, marker);
  });
  box.replaceChildren(svg);
  var probe = el("text", {}, svg);
  function measure(text, size) {
    probe.setAttribute("font-size", size);
    probe.textContent = text;
    var found = probe.getBBox();
    return { width: Math.ceil(found.width), height: Math.ceil(found.height) };
  }

  // error edges, grouped by the state handling them
  var errorsTo = {};
  data.edges.forEach(function (edge) {
    if (edge.catch === "error") {
      (errorsTo[edge.target] = errorsTo[edge.target] || []).push(edge);
    }
  });

  var layout = new window.dagre.graphlib.Graph({ multigraph: true });
  layout.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 34, edgesep: 14, marginx: 16, marginy: 16 });
  function short(text) {
    return text.length > 48 ? text.slice(0, 47) + "…" : text;
  }
  data.nodes.forEach(function (node) {
    var lines = [node.id];
    if (errorsTo[node.id]) {
      lines.push(data.errors_from.replace("{n}", errorsTo[node.id].length));
    }
    var width = Math.max.apply(null, lines.map(function (line, i) {
      return measure(line, i ? 10 : 12).width;
    }));
    var marks = (data.marks[node.id] || []).length;
    layout.setNode(node.id, {
      width: width + 30 + (node.kind === "Choice" ? 24 : 0) + (marks ? 22 * marks : 0),
      height: 30 + 13 * (lines.length - 1) + (node.human ? 6 : 0),
      lines: lines,
      node: node
    });
  });
  // each state's messages as a note of the layout, tied to the state
  Object.keys(data.marks).forEach(function (name) {
    if (!layout.hasNode(name)) {
      return;
    }
    var lines = data.marks[name].map(function (mark) {
      return short(mark.number + ". " + mark.words);
    });
    var width = Math.max.apply(null, lines.map(function (line) {
      return measure(line, 11).width;
    }));
    layout.setNode("note:" + name, {
      width: width + 16, height: 8 + 14 * lines.length, lines: lines, note: name
    });
    layout.setEdge(name, "note:" + name, { weight: 2, note: true }, "note");
  });
  data.edges.forEach(function (edge, index) {
    if (edge.catch === "error") {
      return;
    }
    var size = edge.label ? measure(edge.label, 10) : { width: 0, height: 0 };
    layout.setEdge(edge.source, edge.target, {
      width: size.width ? size.width + 8 : 0,
      height: size.height ? size.height + 4 : 0,
      labelpos: "c",
      weight: edge.catch ? 1 : 3,
      edge: edge
    }, "e" + index);
  });
  window.dagre.layout(layout);
  probe.remove();

  // a polyline through dagre's points, its corners rounded (no hook before the arrow)
  function path(points) {
    function toward(from, to, length) {
      var dx = to.x - from.x;
      var dy = to.y - from.y;
      var distance = Math.sqrt(dx * dx + dy * dy) || 1;
      var step = Math.min(length, distance / 2) / distance;
      return (from.x + dx * step) + "," + (from.y + dy * step);
    }
    var d = "M" + points[0].x + "," + points[0].y;
    for (var i = 1; i < points.length - 1; i += 1) {
      d += " L" + toward(points[i], points[i - 1], 14) +
        " Q" + points[i].x + "," + points[i].y + " " + toward(points[i], points[i + 1], 14);
    }
    var last = points[points.length - 1];
    return d + " L" + last.x + "," + last.y;
  }

  var edges = el("g", { "class": "edges" }, svg);
  var labels = el("g", { "class": "edge-labels" }, svg);
  layout.edges().forEach(function (id) {
    var laid = layout.edge(id);
    if (laid.note) {
      el("path", {
        d: path(laid.points), fill: "none", stroke: EDGE.error, "stroke-width": 1,
        "stroke-dasharray": "2,3", "class": "note-line"
      }, edges);
      return;
    }
    var kind = laid.edge.catch === "timeout" ? "timeout" : "normal";
    el("path", {
      d: path(laid.points), fill: "none", stroke: EDGE[kind], "stroke-width": 1.3,
      "stroke-dasharray": kind === "timeout" ? "5,4" : "none",
      "marker-end": "url(#arrow-" + kind + ")", "class": "edge " + kind
    }, edges);
    if (laid.edge.label) {
      var group = el("g", { "class": "edge-label" }, labels);
      el("rect", {
        x: laid.x - laid.width / 2, y: laid.y - laid.height / 2, width: laid.width,
        height: laid.height, fill: "#fff", opacity: 0.9
      }, group);
      var text = el("text", {
        x: laid.x, y: laid.y + 3.5, "font-size": 10, "text-anchor": "middle", fill: EDGE[kind]
      }, group);
      text.textContent = laid.edge.label;
    }
  });

  var nodes = el("g", { "class": "nodes" }, svg);
  layout.nodes().forEach(function (name) {
    var laid = layout.node(name);
    if (laid.note) {
      var note = el("g", { "class": "note", "data-note": laid.note }, nodes);
      el("rect", {
        x: laid.x - laid.width / 2, y: laid.y - laid.height / 2, width: laid.width,
        height: laid.height, rx: 3, fill: "#fdecec", stroke: EDGE.error, "stroke-width": 0.8
      }, note);
      laid.lines.forEach(function (line, i) {
        var text = el("text", {
          x: laid.x - laid.width / 2 + 8, y: laid.y - laid.height / 2 + 15 + 14 * i,
          "font-size": 11, fill: "#9b1c1c"
        }, note);
        text.textContent = line;
      });
      return;
    }
    var node = laid.node;
    var marks = data.marks[name] || [];
    var colour = COLOURS[node.kind] || ["#f1f3f4", "#5f6368"];
    var stroke = marks.length ? "#c5221f" : colour[1];
    var group = el("g", {
      "class": "node" + (marks.length ? " marked" : "") + (node.human ? " human" : ""),
      "data-state": name
    }, nodes);
    var title = el("title", {}, group);
    title.textContent = name + " (" + (data.kinds[node.kind] || node.kind) + ")" +
      (node.comment ? ": " + node.comment : "");
    var left = laid.x - laid.width / 2;
    var top = laid.y - laid.height / 2;
    var shape = { fill: colour[0], stroke: stroke, "stroke-width": marks.length ? 3 : 1.5 };
    if (node.kind === "Choice") {
      var s = 12;
      shape.points = [
        [left, laid.y], [left + s, top], [left + laid.width - s, top], [left + laid.width, laid.y],
        [left + laid.width - s, top + laid.height], [left + s, top + laid.height]
      ].join(" ");
      el("polygon", shape, group);
    } else {
      el("rect", Object.assign(shape, {
        x: left, y: top, width: laid.width, height: laid.height,
        rx: node.terminal ? laid.height / 2 : node.human ? 12 : 3
      }), group);
      if (node.human) {  // a person waits here: a second, inner outline
        el("rect", {
          x: left + 3, y: top + 3, width: laid.width - 6, height: laid.height - 6, rx: 9,
          fill: "none", stroke: colour[1], "stroke-width": 0.8
        }, group);
      }
    }
    var textX = laid.x - (marks.length ? 11 * marks.length : 0);
    laid.lines.forEach(function (line, i) {
      var text = el("text", {
        x: textX, y: top + 19 + 13 * i, "font-size": i ? 10 : 12, "text-anchor": "middle",
        fill: i ? EDGE.error : "#202124"
      }, group);
      text.textContent = line;
    });
    marks.forEach(function (number, i) {  // a mark: {number, words}
      var cx = left + laid.width - 13 - 22 * (marks.length - 1 - i);
      el("circle", { cx: cx, cy: laid.y, r: 9, fill: "#c5221f" }, group);
      var badge = el("text", {
        x: cx, y: laid.y + 3.5, "font-size": 10, "text-anchor": "middle", fill: "#fff"
      }, group);
      badge.textContent = number.number;
    });
    if (marks.length) {  // to its messages beside the diagram
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "link");
      group.setAttribute("aria-label", name + ": " + marks.map(function (mark) {
        return mark.number + ". " + mark.words;
      }).join("; "));
      var show = function () {
        var target = document.getElementById("pesan-" + name);
        if (target) {
          document.querySelectorAll(".state-message.chosen").forEach(function (other) {
            other.classList.remove("chosen");
          });
          target.classList.add("chosen");
          target.focus();
        }
      };
      group.addEventListener("click", show);
      group.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          show();
        }
      });
    }
  });

  // the error edges: a short stub on each state that catches errors (always), and the whole
  // group of edges to the state handling them, hidden until asked for
  var stubs = el("g", { "class": "error-stubs" }, svg);
  var errors = el("g", { "class": "errors", display: "none" }, svg);
  Object.keys(errorsTo).forEach(function (target) {
    var to = layout.node(target);
    errorsTo[target].forEach(function (edge, i) {
      var from = layout.node(edge.source);
      var start = { x: from.x + from.width / 2, y: from.y };
      var stub = el("path", {
        d: "M" + start.x + "," + start.y + " l12,0", stroke: EDGE.error, "stroke-width": 1.5,
        "stroke-dasharray": "3,2", "class": "error-stub"
      }, stubs);
      el("title", {}, stub).textContent = edge.source + " → " + target;
      var spread = (i + 1) / (errorsTo[target].length + 1);
      var end = { x: to.x - to.width / 2 + to.width * spread, y: to.y + to.height / 2 };
      var bend = { x: start.x + 24, y: (start.y + end.y) / 2 };
      el("path", {
        d: path([start, bend, end]), fill: "none", stroke: EDGE.error, "stroke-width": 1,
        "stroke-dasharray": "4,3", opacity: 0.6, "marker-end": "url(#arrow-error)",
        "class": "edge error"
      }, errors);
    });
  });
  var toggle = document.getElementById("show-errors");
  if (toggle) {
    toggle.addEventListener("change", function () {
      errors.setAttribute("display", toggle.checked ? "inline" : "none");
    });
  }

  var size = layout.graph();
  svg.setAttribute("width", Math.ceil(size.width));
  svg.setAttribute("height", Math.ceil(size.height));
  svg.setAttribute("viewBox", "0 0 " + Math.ceil(size.width) + " " + Math.ceil(size.height));
  svg.setAttribute("class", "laid-out");

  // the first state with a message in view
  var first = svg.querySelector("g.node.marked");
  if (first) {
    var at = layout.node(first.getAttribute("data-state"));
    box.scrollLeft = Math.max(0, at.x - box.clientWidth / 2);
    box.scrollTop = Math.max(0, at.y - box.clientHeight / 2);
  }
})();
