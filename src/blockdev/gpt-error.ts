// What can be wrong with a partition table, as one error type with a reason a caller can branch on.

export type GptErrorReason =
  /** Neither the primary nor the backup header is there: the disk has no GPT. */
  | 'no-signature'
  /** A header's size or fields make no sense. */
  | 'bad-header'
  /** A header or entry array does not match its CRC32. */
  | 'checksum'
  /** A sector number or count points outside the disk or the table's own areas. */
  | 'bounds'
  /** Partitions overlap. */
  | 'overlap'
  /** A valid table this reader does not handle (entry size other than 128, another revision). */
  | 'unsupported'
  /** A partition to write is malformed (number, name). */
  | 'bad-partition'
  /** No free entry or space left. */
  | 'full';

export class GptError extends Error {
  constructor(
    readonly reason: GptErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'GptError';
  }
}

export const isGptError = (e: unknown): e is GptError => e instanceof GptError;
