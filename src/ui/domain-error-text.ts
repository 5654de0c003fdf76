import type { DomainError } from '../core/domain-errors';
import { t } from './text';

/** domainErrorText({code: 'public-suffix', detail: 'co.uk'}) -> "“co.uk” is a public suffix: …" */
export function domainErrorText(error: DomainError): string {
  return t(`domainError_${error.code}`, error.detail);
}
