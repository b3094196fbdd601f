// The import benchmark's peer (tools/bench/imports.py): ical.js doing Daypane's "import a file and
// show its first week" job, as a plain page would. Bench-only; never part of dist/.
//
// firstWeek() reads the text with ICAL.parse, registers the file's VTIMEZONEs, relates each
// RECURRENCE-ID override to its series (relateException, via the `exceptions` option) and walks every recurring series with
// ICAL.Event.iterator() until past the week; start() wires it to an <input type=file> and draws
// the week's occurrences as plain DOM text.

const MARGIN_MS = 2 * 24 * 3600 * 1000; // overrides may move an occurrence into the week

export function firstWeek(ICAL, text, weekStart, weekEnd) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const from = weekStart.getTime();
  const to = weekEnd.getTime();
  const masters = [];
  const overrides = new Map(); // uid -> [VEVENT with RECURRENCE-ID]
  for (const component of root.getAllSubcomponents("vevent")) {
    if (component.hasProperty("recurrence-id")) {
      const uid = component.getFirstPropertyValue("uid");
      if (!overrides.has(uid)) overrides.set(uid, []);
      overrides.get(uid).push(component);
    } else {
      masters.push(component);
    }
  }
  const found = [];
  const add = (event, start, end) => {
    const begin = start.toJSDate().getTime();
    const finish = end.toJSDate().getTime();
    const inside = begin === finish ? begin >= from && begin < to : begin < to && finish > from;
    if (inside) {
      found.push({
        start: begin, end: finish, allDay: start.isDate, summary: event.summary || "",
        cancelled: event.component.getFirstPropertyValue("status") === "CANCELLED",
      });
    }
  };
  const seen = new Set();
  for (const component of masters) {
    // Passing the exceptions explicitly matters: without the option, ICAL.Event scans every VEVENT
    // of the parent calendar and relates each override to each event (quadratic, and wrong UIDs).
    const uid = component.getFirstPropertyValue("uid");
    seen.add(uid);
    const event = new ICAL.Event(component, {strictExceptions: true, exceptions: overrides.get(uid) || []});
    if (!event.isRecurring()) {
      add(event, event.startDate, event.endDate);
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (next.toJSDate().getTime() >= to + MARGIN_MS) break;
      const details = event.getOccurrenceDetails(next);
      add(details.item, details.startDate, details.endDate);
    }
  }
  for (const [uid, list] of overrides) { // overrides whose series is not in the file
    if (seen.has(uid)) continue;
    for (const component of list) {
      const event = new ICAL.Event(component, {exceptions: []});
      add(event, event.startDate, event.endDate);
    }
  }
  found.sort((a, b) => a.start - b.start || a.end - b.end || a.summary.localeCompare(b.summary));
  return found;
}

const pad = (n) => String(n).padStart(2, "0");
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function line(occurrence) {
  const start = new Date(occurrence.start);
  const end = new Date(occurrence.end);
  const when = occurrence.allDay
    ? `${DAYS[start.getDay()]} ${start.getDate()} all day`
    : `${DAYS[start.getDay()]} ${start.getDate()} ${pad(start.getHours())}:${pad(start.getMinutes())}`
      + `–${pad(end.getHours())}:${pad(end.getMinutes())}`;
  const item = document.createElement("li");
  item.textContent = `${when} ${occurrence.summary}${occurrence.cancelled ? " (cancelled)" : ""}`;
  if (occurrence.cancelled) item.className = "cancelled";
  return item;
}

export function start(ICAL) {
  const week = new URLSearchParams(location.search).get("week") || "2026-03-02";
  const [year, month, day] = week.split("-").map(Number);
  const weekStart = new Date(year, month - 1, day); // the browser's zone, as Daypane's week view
  const weekEnd = new Date(year, month - 1, day + 7);
  const input = document.getElementById("ics-file");
  const list = document.getElementById("week");
  const status = document.getElementById("status");
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    status.textContent = `Importing ${file.name}…`;
    const text = await file.text();
    const occurrences = firstWeek(ICAL, text, weekStart, weekEnd);
    list.replaceChildren(...occurrences.map(line));
    status.textContent = `Imported; ${occurrences.length} occurrences in the week of ${week}.`;
    window.__peerOccurrences = occurrences.length;
  });
  input.disabled = false;
  document.documentElement.dataset.appState = "ready";
}
