// bpflife load report: the charts, drawn with uPlot (inlined above) from #report-data (Charts.java).
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = 0, series = 0;
  var WIDE = 1200, HALF = 585, NARROW = 385, HIGH = 300, LOW = 230;

  // three significant digits, no trailing zeros after the point: 1.20 -> 1.2, 100 -> 100
  function sig(v) {
    var t = Number(v).toPrecision(3);
    if (t.indexOf('e') >= 0) { t = String(Number(t)); }
    return t.indexOf('.') < 0 ? t : t.replace(/0+$/, '').replace(/\.$/, '');
  }
  function us(v) {
    if (v == null) { return '-'; }
    if (v < 1) { return sig(v * 1000) + ' ns'; }
    if (v < 1000) { return sig(v) + ' \u00b5s'; }
    if (v < 1e6) { return sig(v / 1000) + ' ms'; }
    return sig(v / 1e6) + ' s';
  }
  function count(v) { return v == null ? '-' : Math.round(v).toLocaleString('en-US'); }
  function pct(n) {
    // the percentile at n nines: 0 -> 0%, 1 -> 90%, 2 -> 99%, 2.5 -> 99.68%
    var p = 100 * (1 - Math.pow(10, -n));
    if (n === Math.round(n)) { return n === 0 ? '0%' : p.toFixed(Math.max(0, n - 2)) + '%'; }
    return p.toFixed(Math.max(1, Math.ceil(n) - 1)) + '%';
  }

  // a tooltip that follows the cursor: x and every series' value there
  function tooltip(fmtX) {
    var tip;
    return {
      hooks: {
        init: function (u) {
          tip = document.createElement('div');
          tip.className = 'tip';
          u.over.appendChild(tip);
        },
        setCursor: function (u) {
          var i = u.cursor.idx;
          if (i == null) { tip.style.display = 'none'; return; }
          var lines = [fmtX(u.data[0][i])];
          for (var s = 1; s < u.series.length; s++) {
            if (u.series[s].show && u.data[s][i] != null) {
              lines.push(u.series[s].label + ': ' + u.series[s].value(u, u.data[s][i]));
            }
          }
          tip.textContent = lines.join('\n');
          tip.style.display = 'block';
          var left = u.cursor.left + 12, top = u.cursor.top + 12;
          if (left + 220 > u.over.clientWidth) { left = u.cursor.left - 230; }
          tip.style.left = left + 'px';
          tip.style.top = top + 'px';
        }
      }
    };
  }

  function chart(parent, title, width, height, opts, xs, ys) {
    var box = document.createElement('figure');
    box.className = 'chart';
    parent.appendChild(box);
    opts.title = title;
    opts.width = width;
    opts.height = height;
    opts.plugins = (opts.plugins || []).concat([tooltip(opts.fmtX || String)]);
    new uPlot(opts, [xs].concat(ys), box);
    box.setAttribute('data-series', String(ys.length));
    charts++;
    series += ys.length;
    return box;
  }

  function line(label, colour, fmt, extra) {
    var s = { label: label, stroke: colour, width: 2, value: function (u, v) { return fmt(v); }, spanGaps: false };
    for (var k in extra || {}) { if (Object.prototype.hasOwnProperty.call(extra, k)) { s[k] = extra[k]; } }
    return s;
  }

  function constant(xs, v) { return xs.map(function () { return v; }); }

  // ---- throughput over time ----
  var tl = data.timeline;
  var through = document.getElementById('throughput-charts');
  var secs = function (v) { return v + ' s'; };
  var timeAxis = { label: 'seconds since the start', values: function (u, vs) { return vs.map(function (v) { return v + ' s'; }); } };
  chart(through, 'operations and events persisted per second', WIDE, HIGH, {
    fmtX: secs,
    scales: { x: { time: false }, ops: {}, events: {} },
    axes: [timeAxis, { scale: 'ops', label: 'ops/s', values: function (u, vs) { return vs.map(count); } },
      { scale: 'events', side: 1, label: 'events/s', grid: { show: false }, values: function (u, vs) { return vs.map(count); } }],
    series: [{ label: 'second' }, line('ops/s', '#0072b2', count, { scale: 'ops' }),
      line('events persisted/s', '#009e73', count, { scale: 'events' })]
  }, tl.t, [tl.ops, tl.events]);
  chart(through, 'sessions alive', HALF, LOW, {
    fmtX: secs, scales: { x: { time: false } },
    axes: [timeAxis, { label: 'sessions', values: function (u, vs) { return vs.map(count); } }],
    series: [{ label: 'second' }, line('sessions alive', '#cc79a7', count)]
  }, tl.t, [tl.sessions]);
  chart(through, 'errors and timeouts per second', HALF, LOW, {
    fmtX: secs, scales: { x: { time: false } },
    axes: [timeAxis, { label: 'errors/s', values: function (u, vs) { return vs.map(count); } }],
    series: [{ label: 'second' }, line('errors and timeouts/s', '#d55e00', count)]
  }, tl.t, [tl.errors]);

  // ---- latency by percentile ----
  var nines = data.nines;
  var maxNine = nines[nines.length - 1];
  var splits = [];
  for (var n = 0; n <= maxNine; n++) { splits.push(n); }
  // the small multiples share one latency scale, so their heights compare at a glance
  var low = Infinity, high = 0;
  data.ops.forEach(function (o) {
    o.us.forEach(function (v) { if (v != null && v > 0) { low = Math.min(low, v); high = Math.max(high, v); } });
  });
  if (data.timeout_us != null) { high = Math.max(high, data.timeout_us); }
  var shared = low < Infinity ? [Math.pow(10, Math.floor(Math.log10(low))), Math.pow(10, Math.ceil(Math.log10(high)))]
    : null;
  function percentileOpts(title, ss) {
    return {
      fmtX: function (v) { return 'p' + pct(v).replace('%', ''); },
      scales: { x: { time: false, range: [0, maxNine] }, y: shared ? { distr: 3, range: shared } : { distr: 3 } },
      axes: [{ label: 'percentile', splits: function () { return splits; },
        values: function (u, vs) { return vs.map(pct); } },
        { label: 'latency', size: 70, values: function (u, vs) { return vs.map(us); } }],
      series: [{ label: 'percentile' }].concat(ss)
    };
  }
  function timeoutLine(xs, ys, ss) {
    if (data.timeout_us == null) { return; }
    ys.push(constant(xs, data.timeout_us));
    ss.push(line('call timeout ' + us(data.timeout_us), '#c00000', us, { dash: [6, 4], width: 1.5 }));
  }

  var together = document.getElementById('latency-together');
  var calls = data.ops.filter(function (o) { return !o.compound; });
  if (calls.length > 0) {
    var ys = calls.map(function (o) { return o.us; });
    var ss = calls.map(function (o) {
      return line(o.op, o.colour, us, o.dash ? { dash: [8, 4] } : {});
    });
    timeoutLine(nines, ys, ss);
    chart(together, 'every call together (click a name in the legend to hide or show it)', WIDE, 420,
      percentileOpts('', ss), nines, ys);
  }
  var multiples = document.getElementById('latency-each');
  data.ops.forEach(function (o) {
    var ys = [o.us];
    var ss = [line(o.op, o.colour, us, o.dash ? { dash: [8, 4] } : {})];
    timeoutLine(nines, ys, ss);
    chart(multiples, o.op + ': p50 ' + us(o.p50_us) + ', p99 ' + us(o.p99_us) + ', max ' + us(o.max_us)
      + ' (' + count(o.samples) + ' calls)', NARROW, LOW, percentileOpts('', ss), nines, ys);
  });

  // ---- percentiles over time ----
  var ot = data.over_time;
  var overBox = document.getElementById('over-time-charts');
  if (ot) {
    var oys = [], oss = [];
    var greys = ['#56b4e9', '#0072b2', '#e69f00', '#000000'];
    ot.series.forEach(function (s, i) { oys.push(s.us); oss.push(line(s.name, greys[i % greys.length], us)); });
    timeoutLine(ot.t, oys, oss);
    chart(overBox, 'latency of all calls, second by second', WIDE, HIGH, {
      fmtX: secs, scales: { x: { time: false }, y: { distr: 3 } },
      axes: [timeAxis, { label: 'latency', size: 70, values: function (u, vs) { return vs.map(us); } }],
      series: [{ label: 'second' }].concat(oss)
    }, ot.t, oys);
    var pys = ot.ops.map(function (s) { return s.us; });
    var pss = ot.ops.map(function (s) { return line(s.name, s.colour, us, s.dash ? { dash: [8, 4] } : {}); });
    if (pys.length > 0) {
      chart(overBox, 'p99 of each operation, second by second', WIDE, HIGH, {
        fmtX: secs, scales: { x: { time: false }, y: { distr: 3 } },
        axes: [timeAxis, { label: 'latency', size: 70, values: function (u, vs) { return vs.map(us); } }],
        series: [{ label: 'second' }].concat(pss)
      }, ot.t, pys);
    }
  } else {
    var p = document.createElement('p');
    p.className = 'no-data';
    p.textContent = 'This run did not keep its latencies second by second.';
    overBox.appendChild(p);
  }

  document.body.setAttribute('data-charts', String(charts));
  document.body.setAttribute('data-series', String(series));
  document.body.setAttribute('data-ready', 'true');
})();
