/**
 * A page body given alone (a capture, `lanaudit identify`, a stored excerpt) still says what its title
 * says: the page's own <title> is read as the `http.title` fact the HTTP probe would have stored, with
 * the title rules and templates, rather than as body text, which may list other devices. A title the
 * observations already hold as an `http.title` fact is not read twice.
 */
import type { Observation } from '../observations/observation.js';
import { pageTitle } from '../util/page-title.js';

export function withPageTitles(observations: readonly Observation[]): readonly Observation[] {
  let derived: Observation[] | undefined;
  let titles: Set<string> | undefined;
  for (const o of observations) {
    if (o.kind !== 'http.body' || !o.value.includes('<')) continue;
    const title = pageTitle(o.value);
    if (title === null) continue;
    titles ??= new Set(observations.filter((t) => t.kind === 'http.title').map((t) => t.value.trim()));
    if (titles.has(title)) continue;
    titles.add(title);
    (derived ??= []).push({ ...o, kind: 'http.title', value: title, source: `${o.source} (the page body's <title>)` });
  }
  return derived === undefined ? observations : [...observations, ...derived];
}
