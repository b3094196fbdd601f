// The browser's date and clock conventions, read from Intl once and handed to Python as plain
// values (daypane.core.locale builds every date and time the app writes from them).
//
// Python's strftime in Pyodide knows only the C locale; the browser knows the user's. Each date
// pattern is Intl's own rendering of one reference day, as [field, text] parts, plus the names each
// field takes with the same options, so the core can write any day in that pattern without asking
// Intl again. tests/fixtures/locale/ holds this function's answers for five locales, recorded
// from Chromium by tools/locale_fixtures.py.
"use strict";

window.daypaneLocale = (tag) => {
  const UTC = "UTC";  // every value below is a calendar date or a wall time: no zone may shift it
  // A DateTimeFormat costs about 1 ms to make: one per pattern, each asked for many days.
  const format = (options) => new Intl.DateTimeFormat(tag, { ...options, timeZone: UTC });
  const parts = (formatter, ms) => formatter.formatToParts(ms).map((p) => [p.type, p.value]);
  const field = (formatter, ms, type) => (formatter.formatToParts(ms).find((p) => p.type === type) || {}).value || "";
  const day = (month, date) => Date.UTC(2026, month, date);
  const REFERENCE = day(2, 4);  // Wednesday 4 March 2026

  // Each pattern the app writes dates in, by the Intl options that make it.
  const PATTERNS = {
    title_day: { weekday: "short", day: "numeric", month: "short", year: "numeric" },  // the day view
    date: { day: "numeric", month: "long", year: "numeric" },                  // "Week of …"
    day: { weekday: "long", day: "numeric", month: "long" },                   // a day's name
    short: { weekday: "short", day: "numeric", month: "short" },               // chips, ranges
    day_month: { day: "numeric", month: "short" },                             // spans of days
    short_date: { day: "numeric", month: "short", year: "numeric" },           // spans across years
    weekday_day: { weekday: "short", day: "numeric" },                         // week columns
    month_year: { month: "long", year: "numeric" },                            // the month view
  };
  const patterns = {};
  const names = {};
  for (const [name, options] of Object.entries(PATTERNS)) {
    const formatter = format(options);
    patterns[name] = parts(formatter, REFERENCE);
    // The names each field takes in this very pattern: a name can differ beside other fields
    // ("Mi." in "Mi., 4. März" but "Mi" alone; a month inflected beside a day).
    names[name] = {};
    if (options.weekday) {  // 2 March 2026 is a Monday: Monday to Sunday, as Python's weekday()
      names[name].weekday = [0, 1, 2, 3, 4, 5, 6].map((i) => field(formatter, day(2, 2 + i), "weekday"));
    }
    if (options.month) {
      names[name].month = [...Array(12).keys()].map((m) => field(formatter, day(m, 4), "month"));
    }
  }
  const clock = (cycle) => format({ hour: cycle === "h23" ? "2-digit" : "numeric", minute: "2-digit", hourCycle: cycle });
  const twelve = clock("h12");
  const resolved = format({ hour: "numeric" }).resolvedOptions();
  const locale = new Intl.Locale(resolved.locale);
  let firstDay = null;
  try {
    const info = typeof locale.getWeekInfo === "function" ? locale.getWeekInfo() : locale.weekInfo;
    firstDay = info && info.firstDay ? info.firstDay : null;
  } catch (error) { /* a browser without week data: the core falls back on the region */ }
  let region = locale.region || "";
  try { region = region || locale.maximize().region || ""; } catch (error) { /* no likely region */ }
  const morning = Date.UTC(2026, 2, 4, 9, 5);
  const evening = Date.UTC(2026, 2, 4, 21, 5);
  return {
    tag: resolved.locale,
    region,
    firstDay,                      // ISO: 1 Monday … 7 Sunday; null when the browser cannot say
    hourCycle: resolved.hourCycle || "h23",
    patterns,
    names,
    clock12: parts(twelve, evening),            // 9:05 PM in the locale's 12-hour form
    clock24: parts(clock("h23"), evening),      // 21:05
    am: field(twelve, morning, "dayPeriod") || "AM",
    pm: field(twelve, evening, "dayPeriod") || "PM",
  };
};
