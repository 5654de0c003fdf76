/**
 * Why a typed domain was refused. Each code has a message
 * `domainError_<code>` in _locales, with `detail` as its $1 substitution.
 */
export type DomainErrorCode =
  | 'empty'
  | 'inner-space'
  | 'invalid-char'
  | 'label-too-long'
  | 'name-too-long'
  | 'empty-label'
  | 'hyphen-edge'
  | 'public-suffix'
  | 'duplicate'
  /** The list is full (storage.sync can hold MAX_DOMAINS); detail = the limit. */
  | 'limit'
  /** Chrome refused the write for its storage.sync write quota (core/sync-quota.ts); detail = 'minute' or 'hour'. */
  | 'quota'
  | 'invalid';

export interface DomainError {
  code: DomainErrorCode;
  /** The offending part: the character, the label, the suffix, the domain. */
  detail?: string;
}
