import type { DomainError } from '../core/domain-errors';
import { text } from './text';

/** domainErrorText({code: 'public-suffix', detail: 'co.uk'}) -> "“co.uk” is a public suffix: …" */
export function domainErrorText(error: DomainError): string {
  return text(`domainError_${error.code}`, error.detail);
}
