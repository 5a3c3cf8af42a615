package bpflife.loadtest.report;

/** The HTML report's style sheet, inline in the page (no '<' or '&', so it is XML text as is). */
final class Css {
    private Css() {}

    /** The background of the failed verdict and of failed checks' rows (the render test looks for it). */
    static final String FAIL_BACKGROUND = "#fde2e1";

    static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   margin: 24px; color: #222222; background: #ffffff; max-width: 1260px; }
            h1 { font-size: 22px; margin: 0 0 12px 0; }
            h2 { font-size: 18px; margin: 28px 0 10px 0; border-bottom: 1px solid #dddddd; padding-bottom: 4px; }
            code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
            table { border-collapse: collapse; font-size: 14px; }
            th, td { padding: 4px 10px; border-bottom: 1px solid #eeeeee; text-align: left; vertical-align: top; }
            th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
            table.ops tbody tr:last-child td { font-weight: bold; border-top: 2px solid #cccccc; }
            table.run th { color: #666666; font-weight: normal; }
            .verdict { font-size: 17px; font-weight: bold; padding: 8px 12px; border-radius: 4px; display: inline-block; }
            .verdict.pass, tr.pass td.result { color: #0b6b2f; }
            .verdict.pass { background: #e3f5e8; }
            .verdict.fail { background: FAIL_BACKGROUND; color: #a40000; }
            td.detail { white-space: pre-wrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
            tr.fail td { background: FAIL_BACKGROUND; color: #a40000; font-weight: bold; }
            .charts { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
            figure.chart { margin: 0; border: 1px solid #e4e4e4; border-radius: 4px; padding: 4px; position: relative; }
            .uplot .u-title { font-size: 14px; font-weight: bold; }
            .uplot .u-legend { font-size: 12px; }
            .tip { position: absolute; display: none; pointer-events: none; z-index: 10; white-space: pre;
                   background: rgba(255, 255, 255, 0.95); border: 1px solid #999999; border-radius: 3px;
                   padding: 4px 6px; font-size: 12px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
            p.note { font-size: 13px; color: #555555; }
            p.expected { color: #0b6b2f; }
            p.unexpected { color: #a40000; font-weight: bold; }
            p.no-data { color: #888888; }
            footer { margin-top: 28px; font-size: 12px; color: #777777; }
            """.replace("FAIL_BACKGROUND", FAIL_BACKGROUND);
}
