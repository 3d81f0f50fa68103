// Vite's `?url` imports: the file is copied into the build and the import is its public URL.
declare module '*?url' {
  const url: string;
  export default url;
}

// MapLibre's stylesheet, loaded with the map's code rather than with every page.
declare module 'maplibre-gl/dist/maplibre-gl.css';
