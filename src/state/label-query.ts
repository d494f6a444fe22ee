// Label and id filtering shared by List and Watch.
import type { Resource } from './resource';
import type { LabelTerm, ListOptions } from './state';

function termMatches(labels: Readonly<Record<string, string>>, term: LabelTerm): boolean {
  const value = labels[term.key];
  let result: boolean;
  switch (term.op) {
    case 'exists':
      result = value !== undefined;
      break;
    case 'notExists':
      result = value === undefined;
      break;
    case 'equal':
      result = value !== undefined && value === term.values?.[0];
      break;
    case 'in':
      result = value !== undefined && (term.values ?? []).includes(value);
      break;
  }
  return term.invert ? !result : result;
}

export function matchesListOptions(resource: Resource, opts: ListOptions | undefined): boolean {
  if (!opts) return true;
  if (opts.idRegexp && !opts.idRegexp.test(resource.metadata.id)) return false;
  return (opts.labels ?? []).every((term) => termMatches(resource.metadata.labels, term));
}
