/**
 * A short display name from an official company name: "Zhejiang Dahua Technology Co., Ltd." →
 * "Dahua", "Amcrest Technologies" → "Amcrest". Inventories list thousands of registrants; the legal
 * form and a generic trade word add nothing a reader needs in a table column.
 */

/** Legal forms and generic trade words, compared without punctuation and case. */
const TRAILING = new Set([
  'co', 'ltd', 'coltd', 'colimited', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'corporate', 'company',
  'llc', 'lp', 'gmbh', 'ag', 'kg', 'sa', 'sau', 'sas', 'sl', 'srl', 'spa', 'bv', 'nv', 'pte', 'pty', 'pvt', 'private',
  'plc', 'oy', 'ab', 'as', 'kk', 'sro', 'ltda', 'technologies', 'technology', 'tech', 'electronics', 'electronic',
  'communications', 'communication', 'network', 'networks', 'digital', 'intelligent', 'software', 'systems', 'system',
  'mobile', 'international', 'group', 'holdings', 'holding', 'industrial', 'trading', 'information', 'science', 'and',
]);

/** Chinese city and province names that lead many registrant names. */
const LEADING = new Set([
  'hangzhou', 'shenzhen', 'zhejiang', 'beijing', 'shanghai', 'guangzhou', 'guangdong', 'qingdao', 'dongguan', 'xiamen',
  'wuhan', 'chengdu', 'nanjing', 'suzhou', 'ningbo', 'fujian', 'jiangsu', 'sz',
]);

const bare = (token: string): string => token.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The shortest meaningful form of a company name; the trimmed original when nothing would remain. */
export function shortCompanyName(official: string): string {
  const original = official.trim().replace(/\s+/g, ' ');
  const tokens = original
    .replace(/\([^)]*\)/g, ' ')
    .split(' ')
    .filter((token) => token !== '');
  // Punctuation-only tokens ("&", ".,") go along with the legal form they sit next to.
  while (tokens.length > 1 && (TRAILING.has(bare(tokens.at(-1) ?? '')) || bare(tokens.at(-1) ?? '') === '')) tokens.pop();
  while (tokens.length > 1 && LEADING.has(bare(tokens[0] ?? ''))) tokens.shift();
  const short = tokens.join(' ').replace(/[\s,.&-]+$/, '');
  return short === '' || TRAILING.has(bare(short)) ? original : short;
}
