/**
 * Schema pieces the vendor payloads share.
 */
import { z } from "zod";

/**
 * A vendor's object id as the payloads carry it: a JSON number (Zendesk, Freshdesk, Gorgias and Help Scout
 * number their tickets, messages and users) or a non-empty string (rendered templates), read as a string.
 */
export const vendorId = z.union([z.string().min(1), z.number().int()]).transform(String);
