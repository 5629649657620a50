import { ApiProperty } from '@nestjs/swagger';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** RFC 8288 Link header for the next page: the request's own path and query with `cursor` replaced. */
export function nextLink(url: string, nextCursor: string | null): string | undefined {
  if (nextCursor === null) return undefined;
  const parsed = new URL(url, 'http://registry.invalid');
  parsed.searchParams.set('cursor', nextCursor);
  return `<${parsed.pathname}${parsed.search}>; rel="next"`;
}

export abstract class PageMetaDto {
  /** Cursor of the next page; null on the last page. Pass it back as `cursor`. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor: string | null;
}
