import { ILLINOIS_COUNTY_ROWS } from './data/illinois-counties.ts';

/** An Illinois county as the simulator needs it: where people live and how many. */
export interface County {
  fips: string;
  name: string;
  population: number;
  lat: number;
  lon: number;
  areaKm2: number;
}

export const ILLINOIS_COUNTIES: readonly County[] = ILLINOIS_COUNTY_ROWS.map(([fips, name, population, lat, lon, areaKm2]) => ({ fips, name, population, lat, lon, areaKm2 }));

const byFips = new Map(ILLINOIS_COUNTIES.map((c) => [c.fips, c]));

export const countyByFips = (fips: string): County | undefined => byFips.get(fips);
