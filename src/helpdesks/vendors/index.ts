import type { Vendor } from "../../config/helpdesks";
import type { VendorAdapter } from "../types";
import { freshdesk } from "./freshdesk";
import { front } from "./front";
import { gorgias } from "./gorgias";
import { helpscout } from "./helpscout";
import { zendesk } from "./zendesk";

/** Every adapter by vendor name (the `:vendor` of `POST /webhooks/:vendor`). */
export const ADAPTERS: Record<Vendor, VendorAdapter> = { zendesk, gorgias, helpscout, freshdesk, front };
