/** Name or address reduced to what identifies it: no spaces, punctuation, case or full-width forms. */
export function normalizeKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Addresses also drop the city prefix people add or leave out ("广东省深圳市福田区…" = "福田区…"). */
export function normalizeAddress(address: string, city: string): string {
  const cityName = city.replace(/市$/, '');
  return normalizeKey(address)
    .replace(/^广东省/, '')
    .replace(new RegExp(`^${cityName}市?`), '');
}
