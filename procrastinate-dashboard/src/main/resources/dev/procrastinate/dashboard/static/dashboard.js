/* procrastinate dashboard: live updates and the throughput chart. Values are set as text, never as HTML. */
(function () {
  'use strict';

  var POLL_MS = 5000;
  var SVG = 'http://www.w3.org/2000/svg';
  var SERIES = [
    { key: 'succeeded', label: 'succeeded', cls: 'bar-succeeded' },
    { key: 'retried', label: 'retried', cls: 'bar-retried' },
    { key: 'failed', label: 'failed', cls: 'bar-failed' }
  ];
  var range = 'hour';
  var charts = {};

  function svg(name, attrs) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { element.setAttribute(key, String(attrs[key])); });
    return element;
  }

  function cell(data) {
    var td = document.createElement('td');
    if (data.c) { td.className = data.c; }
    if (data.h) {
      var a = document.createElement('a');
      a.href = data.h;
      a.textContent = data.t;
      td.appendChild(a);
    } else {
      td.textContent = data.t;
    }
    return td;
  }

  function renderTable(table, data) {
    var body = table.tBodies[0] || table.appendChild(document.createElement('tbody'));
    var rows = document.createDocumentFragment();
    if (data.rows.length === 0) {
      var tr = document.createElement('tr');
      var td = document.createElement('td');
      td.className = 'empty';
      td.colSpan = data.columns;
      td.textContent = data.empty;
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    data.rows.forEach(function (row) {
      var tr = document.createElement('tr');
      row.forEach(function (c) { tr.appendChild(cell(c)); });
      rows.appendChild(tr);
    });
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(rows);
  }

  function drawChart(container, all) {
    var data = all[range];
    if (!data) { return; }
    var width = Math.max(container.clientWidth || 0, 320);
    var height = 220;
    var left = 44, right = 8, top = 12, bottom = 28;
    var n = data.labels.length;
    var totals = data.labels.map(function (_, i) {
      return SERIES.reduce(function (sum, s) { return sum + data[s.key][i]; }, 0);
    });
    var max = Math.max(1, Math.max.apply(null, totals));
    var plotW = width - left - right, plotH = height - top - bottom;
    var step = plotW / n;
    var root = svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, 'class': 'chart-svg' });
    root.appendChild(svg('line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, 'class': 'axis' }));
    [0, 0.5, 1].forEach(function (f) {
      var y = top + plotH - f * plotH;
      root.appendChild(svg('line', { x1: left, y1: y, x2: left + plotW, y2: y, 'class': 'grid' }));
      var label = svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', 'class': 'tick' });
      label.textContent = String(Math.round(f * max));
      root.appendChild(label);
    });
    var every = Math.max(1, Math.ceil(n / 8));
    for (var i = 0; i < n; i++) {
      var y = top + plotH;
      var tip = data.labels[i] + ': ';
      SERIES.forEach(function (s) {
        var value = data[s.key][i];
        tip += value + ' ' + s.label + '  ';
        if (value > 0) {
          var h = value / max * plotH;
          y -= h;
          root.appendChild(svg('rect', { x: left + i * step + 1, y: y, width: Math.max(step - 2, 1), height: h,
            'class': 'bar ' + s.cls }));
        }
      });
      var hover = svg('rect', { x: left + i * step, y: top, width: step, height: plotH, 'class': 'hover' });
      var title = svg('title');
      title.textContent = tip.trim();
      hover.appendChild(title);
      root.appendChild(hover);
      if (i % every === 0) {
        var x = svg('text', { x: left + i * step + step / 2, y: height - 8, 'text-anchor': 'middle', 'class': 'tick' });
        x.textContent = data.labels[i];
        root.appendChild(x);
      }
    }
    var legend = document.createElement('p');
    legend.className = 'legend';
    SERIES.forEach(function (s) {
      var total = data[s.key].reduce(function (a, b) { return a + b; }, 0);
      var item = document.createElement('span');
      item.className = 'legend-item ' + s.cls;
      item.textContent = s.label + ': ' + total;
      legend.appendChild(item);
    });
    while (container.firstChild) { container.removeChild(container.firstChild); }
    container.appendChild(root);
    container.appendChild(legend);
    container.setAttribute('data-rendered', range);
  }

  function apply(data) {
    Object.keys(data.fields || {}).forEach(function (key) {
      document.querySelectorAll('[data-field="' + key + '"]').forEach(function (element) {
        element.textContent = data.fields[key] === '' && element.tagName === 'DD' ? '\u2014' : data.fields[key];
        if (key === 'status') { element.className = 'status status-' + data.fields[key].split(' ')[0]; }
      });
    });
    Object.keys(data.tables || {}).forEach(function (key) {
      document.querySelectorAll('table[data-table="' + key + '"]').forEach(function (table) {
        renderTable(table, data.tables[key]);
      });
    });
    Object.keys(data.charts || {}).forEach(function (key) {
      charts[key] = data.charts[key];
      document.querySelectorAll('[data-chart="' + key + '"]').forEach(function (container) {
        drawChart(container, data.charts[key]);
      });
    });
    var live = document.getElementById('live');
    if (live) {
      live.textContent = 'live · updated ' + data.updated;
      live.classList.remove('stale');
    }
  }

  function poll(api) {
    if (document.hidden) { return; }
    fetch(api, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(apply)
      .catch(function (error) {
        var live = document.getElementById('live');
        if (live) {
          live.textContent = 'update failed (' + error.message + '), retrying';
          live.classList.add('stale');
        }
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-range]').forEach(function (button) {
      button.addEventListener('click', function () {
        range = button.getAttribute('data-range');
        document.querySelectorAll('[data-range]').forEach(function (other) {
          other.setAttribute('aria-pressed', String(other === button));
        });
        document.querySelectorAll('[data-chart]').forEach(function (container) {
          var data = charts[container.getAttribute('data-chart')];
          if (data) { drawChart(container, data); }
        });
      });
    });
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
      });
    });
    document.querySelectorAll('[data-chart][data-series]').forEach(function (container) {
      var key = container.getAttribute('data-chart');
      charts[key] = JSON.parse(container.getAttribute('data-series'));
      drawChart(container, charts[key]);
    });
    var api = document.body.getAttribute('data-api');
    if (api) {
      window.setInterval(function () { poll(api); }, POLL_MS);
    }
  });
}());
