// English singular of a CamelCase plural type name, enough for the resource types Talos serves
// (Statuses → Status, Policies → Policy, Addresses → Address, Specs → Spec).
const IRREGULAR: Readonly<Record<string, string>> = {
  Statuses: 'Status',
  Aliases: 'Alias',
  Data: 'Data',
  Metadata: 'Metadata',
  Info: 'Info',
  Series: 'Series',
};

export function singular(name: string): string {
  for (const [plural, single] of Object.entries(IRREGULAR)) {
    if (name.endsWith(plural)) return name.slice(0, -plural.length) + single;
  }
  if (/[^aeiou]ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(name)) return name.slice(0, -2);
  if (/(ss|us|is)$/.test(name)) return name;
  if (name.endsWith('s')) return name.slice(0, -1);
  return name;
}
