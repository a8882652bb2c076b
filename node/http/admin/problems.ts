import { MIN_PASSWORD } from "../../domain/accounts/manage-accounts.ts";
import type { FieldProblem } from "../../domain/errors.ts";
import type { AdminMessages } from "./i18n/index.ts";

/**
 * The domain names problems in English, for the API and the CLI; the web admin shows them in the
 * operator's language. Known messages are recognised by their wording, the rest shown as they are.
 */
export function translateProblem(a: AdminMessages, { field, message }: FieldProblem): string {
  const p = a.problem;
  const max = /at most (\d+) characters/.exec(message);
  const rules: [RegExp, () => string][] = [
    [/online link needed/, () => p.onlineNeeded],
    [/place needed/, () => p.placeNeeded],
    [/^is required: describe/, () => p.altRequired],
    [/^is required|^must not be empty/, () => p.required],
    [/characters \(got/, () => p.tooLong(Number(max?.[1] ?? 0))],
    [/http\(s\) URL|user name or password/, () => (field === "contact" ? p.badContact : p.badUrl)],
    [/must be after startsAt|must not be before startsAt/, () => p.endBeforeStart],
    [/at most 31 days/, () => p.tooLongEvent],
    [/unknown time zone/, () => p.badZone],
    [/letters, digits or "_"/, () => p.badTag],
    [/at most 10 tags/, () => p.tooManyTags],
    [/must be between|whole number|must be a number/, () => p.badNumber],
    [/is not an occurrence of this rule/, () => p.notOccurrence],
    [/no occurrence/, () => p.noOccurrence],
    [/BCP 47/, () => p.badLanguage],
    [/email address, an http\(s\) URL or a fediverse handle/, () => p.badContact],
    [/at least \d+ characters/, () => p.passwordShort(MIN_PASSWORD)],
    [/must not be the operator's name/, () => p.passwordName],
    [/not the current password/, () => p.wrongCurrent],
    [/exists already/, () => p.nameTaken],
    [/letters, digits, spaces/, () => p.badName],
    [/must be a date-time|must be a date|not a valid|does not exist|date/, () => p.badDate],
  ];
  for (const [pattern, text] of rules) if (pattern.test(message)) return text();
  return p.other(message);
}
