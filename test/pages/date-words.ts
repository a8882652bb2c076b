// Month names as the pages write dates out, so that a page test can expect a date it computed
// spelled out in full ("Tuesday, 9 March 2027", "mardi 9 mars 2027").

const MONTHS = {
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  es: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
  pt: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
} as const;

/** A date ("YYYY-MM-DD") as day, month name and year: { day: 9, month: "March", year: 2027 }. */
export function dateInWords(date: string, locale: keyof typeof MONTHS): { day: number; month: string; year: number } {
  const { day, month, year } = Temporal.PlainDate.from(date);
  return { day, month: MONTHS[locale][month - 1]!, year };
}
