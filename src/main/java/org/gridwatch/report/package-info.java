/**
 * The daily report (日报) of the city and of each county: a record model of sections, figures,
 * tables and charts ({@link org.gridwatch.report.DailyReport}) computed from a
 * {@link org.gridwatch.report.ReportSource} (today the live services:
 * {@link org.gridwatch.report.LiveReportSource}) by {@link org.gridwatch.report.DailyReportBuilder},
 * kept in the store as JSON, and rendered on demand three ways: a printable HTML page with inline
 * SVG charts ({@link org.gridwatch.report.HtmlReport}), a PDF with an embedded CJK font subset
 * ({@link org.gridwatch.report.PdfReport}) and an XLSX workbook
 * ({@link org.gridwatch.report.XlsxReport}). {@link org.gridwatch.report.DailyReports} generates
 * them on demand and every morning ({@link org.gridwatch.report.DailySchedule}).
 *
 * <p>Threads: figures are read and reports built and rendered on workers (the sources read the
 * live indexes lock-free), never on an event loop or the state lane; reports are stored on the
 * store lane. Days are local days in the city's time zone.
 */
package org.gridwatch.report;
