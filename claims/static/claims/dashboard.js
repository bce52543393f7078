/* The admin dashboard's charts, drawn with the vendored Chart.js from the series the page embeds
   as JSON (#dashboard-series, built by claims/admin/dashboard.py). */
"use strict";

(function () {
  function withAlpha(hex, alpha) {
    const value = parseInt(hex.slice(1), 16);
    return `rgba(${value >> 16}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
  }

  // Long source names on several lines, rather than a label column half the chart wide.
  function wrapped(text, width) {
    const lines = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
    return lines;
  }

  // Periods read level, as many as fit: Chart.js skips the others evenly.
  const periodTicks = { maxRotation: 0, autoSkipPadding: 16 };

  function stackedBars(canvas, labels, datasets, options) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels, datasets },
      options: {
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "top", labels: { boxWidth: 14 } } },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: periodTicks },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        ...options,
      },
    });
  }

  function claimsBy(canvas, series, rows) {
    stackedBars(
      canvas,
      series.period_labels,
      rows.map((row) => ({
        label: row.label,
        data: row.claims,
        backgroundColor: row.colour,
        borderWidth: 0,
      })),
    );
  }

  // A vertical stroke from each period's lower sum to its upper sum: a band of one period (or
  // a period between blanks) still shows its range.
  const rangeStrokes = {
    id: "rangeStrokes",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      chart.data.datasets.forEach((dataset, index) => {
        if (dataset.role !== "upper" || !chart.isDatasetVisible(index)) return;
        const upper = chart.getDatasetMeta(index).data;
        const lower = chart.getDatasetMeta(index - 1).data;
        ctx.save();
        ctx.strokeStyle = dataset.borderColor;
        ctx.lineWidth = 2;
        upper.forEach((point, period) => {
          if (dataset.data[period] === null || point.skip) return;
          ctx.beginPath();
          ctx.moveTo(point.x, point.y);
          ctx.lineTo(lower[period].x, lower[period].y);
          ctx.stroke();
        });
        ctx.restore();
      });
    },
  };

  function numbersBySide(canvas, series) {
    const numbers = series.numbers;
    const datasets = [];
    for (const side of numbers.by_side) {
      // An open-ended number adds to the lower sum only: the band's top is then at least the
      // lower sum, and marked as no ceiling.
      const top = side.upper.map((upper, period) =>
        upper === null || !side.open_ended[period] ? upper : Math.max(upper, side.lower[period]),
      );
      const common = {
        borderColor: side.colour,
        backgroundColor: withAlpha(side.colour, 0.22),
        pointBackgroundColor: side.colour,
        borderWidth: 2,
        spanGaps: false,
        side,
      };
      datasets.push({ ...common, label: `${side.label} (lower)`, role: "lower", data: side.lower, fill: false, pointRadius: 3 });
      datasets.push({
        ...common,
        label: side.label,
        role: "upper",
        data: top,
        fill: "-1",
        // ▲ where some numbers have no ceiling: the real total may be higher.
        pointStyle: side.open_ended.map((count) => (count ? "triangle" : "circle")),
        pointRadius: side.open_ended.map((count) => (count ? 7 : 3)),
      });
    }
    new Chart(canvas, {
      type: "line",
      data: { labels: series.period_labels, datasets },
      plugins: [rangeStrokes],
      options: {
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { offset: true, grid: { display: false }, ticks: periodTicks },
          // Room above the highest point for its marker.
          y: { beginAtZero: true, grace: "8%", title: { display: true, text: numbers.label } },
        },
        plugins: {
          legend: {
            position: "top",
            labels: { boxWidth: 14, filter: (item, data) => data.datasets[item.datasetIndex].role === "upper" },
            // One entry per side: it shows or hides the whole band.
            onClick(event, item, legend) {
              const chart = legend.chart;
              const visible = chart.isDatasetVisible(item.datasetIndex);
              chart.setDatasetVisibility(item.datasetIndex, !visible);
              chart.setDatasetVisibility(item.datasetIndex - 1, !visible);
              chart.update();
            },
          },
          tooltip: {
            filter: (item) => item.dataset.role === "upper",
            callbacks: {
              label(item) {
                const side = item.dataset.side;
                const period = item.dataIndex;
                const low = side.lower[period];
                const high = item.raw;
                const open = side.open_ended[period];
                let range = low === high ? `${low}` : `${low}–${high}`;
                if (open) range = `${range} or more (${open} number${open === 1 ? "" : "s"} without a ceiling ▲)`;
                const claims = side.claims[period];
                return `${side.label}: ${range}, ${claims} claim${claims === 1 ? "" : "s"}`;
              },
            },
          },
        },
      },
    });
  }

  function sourceTrackRecords(canvas, series) {
    const sources = series.sources;
    const statuses = sources.statuses
      .map((status, index) => ({ ...status, counts: sources.top.map((source) => source.claims[index]) }))
      .filter((status) => status.counts.some((count) => count));
    stackedBars(
      canvas,
      sources.top.map((source) => wrapped(source.name, 28)),
      statuses.map((status) => ({
        label: status.label,
        data: status.counts,
        backgroundColor: status.colour,
        borderWidth: 0,
        barThickness: 18,
      })),
      {
        indexAxis: "y",
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "claims" } },
          y: { stacked: true, grid: { display: false }, ticks: { autoSkip: false } },
        },
      },
    );
  }

  function draw() {
    const series = JSON.parse(document.getElementById("dashboard-series").textContent);
    const style = getComputedStyle(document.body);
    Chart.defaults.animation = false; // a desk tool: the numbers at once
    Chart.defaults.color = style.color;
    Chart.defaults.borderColor = style.getPropertyValue("--hairline-color").trim() || "#e8e8e8";
    Chart.defaults.font.family = style.fontFamily;
    claimsBy(document.getElementById("claims-by-side"), series, series.claims_by_side);
    claimsBy(document.getElementById("claims-by-status"), series, series.claims_by_status);
    numbersBySide(document.getElementById("numbers-by-side"), series);
    sourceTrackRecords(document.getElementById("source-track-records"), series);
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
