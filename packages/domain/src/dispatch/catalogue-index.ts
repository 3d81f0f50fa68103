/** The unit catalogue's detail (issue 5 item 1): crew and credentials, shifts, service areas. */
export * from './credentials.ts';
export * from './crew.ts';
export * from './service-area.ts';
