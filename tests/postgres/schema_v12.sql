-- Tagdesk's schema on a PostgreSQL server at version 12, the last before the document list's
-- kept sort keys and the relation suggestion log (schema 13): made by open_store at commit
-- 482cdb7 and dumped with pg_dump --no-owner --no-privileges --inserts (the default labels,
-- relation types and the version as INSERTs; its \restrict lines, which only psql reads, left
-- out). tests/postgres/test_server_migrations.py loads it.

--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: unaccent; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;


--
-- Name: EXTENSION unaccent; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION unaccent IS 'text search dictionary that removes accents';


--
-- Name: tagdesk_bump_version(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_bump_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$$;


--
-- Name: tagdesk_count_document(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_count_document() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO document_counts (document_id, accepted, suggested) VALUES (NEW.id, 0, 0);
  RETURN NULL;
END
$$;


--
-- Name: tagdesk_count_span(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_count_span() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE document_counts
      SET accepted = accepted - (OLD.status = 'accepted')::int,
          suggested = suggested - (OLD.status = 'suggested')::int
      WHERE document_id = OLD.document_id;
    UPDATE document_labels
      SET spans = spans - (OLD.status <> 'rejected')::int,
          rejected = rejected - (OLD.status = 'rejected')::int
      WHERE label_id = OLD.label_id AND document_id = OLD.document_id;
    DELETE FROM document_labels
      WHERE label_id = OLD.label_id AND document_id = OLD.document_id
      AND spans <= 0 AND rejected <= 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE document_counts
      SET accepted = accepted + (NEW.status = 'accepted')::int,
          suggested = suggested + (NEW.status = 'suggested')::int
      WHERE document_id = NEW.document_id;
    INSERT INTO document_labels (label_id, document_id, spans, rejected)
      VALUES (NEW.label_id, NEW.document_id, (NEW.status <> 'rejected')::int,
              (NEW.status = 'rejected')::int)
      ON CONFLICT (label_id, document_id) DO UPDATE
      SET spans = document_labels.spans + excluded.spans,
          rejected = document_labels.rejected + excluded.rejected;
  END IF;
  RETURN NULL;
END
$$;


--
-- Name: tagdesk_entity_label(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_entity_label() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM span s WHERE s.entity_id = NEW.id) THEN
    RAISE EXCEPTION 'the label of an entity cannot change while spans link to it' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;


--
-- Name: tagdesk_fold(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $_$ SELECT lower("public".unaccent('"public".unaccent'::regdictionary, $1)) $_$;


--
-- Name: tagdesk_index_document(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_index_document() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO "public".document_words (document_id, words)
    VALUES (NEW.id, "public".tagdesk_search_vector(NEW.text))
    ON CONFLICT (document_id) DO UPDATE SET words = excluded.words;
  RETURN NULL;
END
$$;


--
-- Name: tagdesk_notice(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_notice() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    r := OLD;
  ELSE
    r := NEW;
  END IF;
  IF TG_TABLE_NAME = 'span' THEN
    PERFORM "public".tagdesk_notice_one('d', r.document_id::text);
    IF TG_OP = 'UPDATE' AND OLD.document_id <> NEW.document_id THEN
      PERFORM "public".tagdesk_notice_one('d', OLD.document_id::text);
    END IF;
  ELSIF TG_TABLE_NAME = 'document' THEN
    PERFORM "public".tagdesk_notice_one(
      CASE TG_OP WHEN 'INSERT' THEN 'n' WHEN 'DELETE' THEN 'x' ELSE 'd' END, r.id::text);
  ELSIF TG_TABLE_NAME = 'document_tag' THEN
    PERFORM "public".tagdesk_notice_one('d', r.document_id::text);
    PERFORM "public".tagdesk_notice_one('t', (SELECT name FROM "public"."tag" WHERE id = r.tag_id));
  ELSIF TG_TABLE_NAME = 'span_tag' THEN
    PERFORM "public".tagdesk_notice_one(
      'd', (SELECT document_id FROM "public".span WHERE id = r.span_id)::text);
    PERFORM "public".tagdesk_notice_one('t', (SELECT name FROM "public"."tag" WHERE id = r.tag_id));
  ELSIF TG_TABLE_NAME = 'label' THEN
    PERFORM "public".tagdesk_notice_one('l', r.id::text);
  ELSIF TG_TABLE_NAME = 'setting' THEN
    PERFORM "public".tagdesk_notice_one('s', r."key");
  ELSIF TG_TABLE_NAME = 'relation' THEN
    PERFORM "public".tagdesk_notice_one('d', r.document_id::text);
  ELSIF TG_TABLE_NAME = 'relation_type' THEN
    PERFORM "public".tagdesk_notice_one('r', r.id::text);
  END IF;
  RETURN NULL;
END
$$;


--
-- Name: tagdesk_notice_one(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_notice_one(kind text, thing text) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
  sent text := coalesce(current_setting('tagdesk.noticed', true), '');
  key text := ' ' || kind || ':' || thing || ' ';
  notice text;
BEGIN
  IF thing IS NULL OR sent = 'many' OR strpos(sent, key) > 0 THEN
    RETURN;
  END IF;
  notice := json_build_object('schema', current_schema(),
    'origin', coalesce(current_setting('tagdesk.origin', true), ''), kind, thing)::text;
  IF length(sent) - length(replace(sent, ':', '')) >= 500 OR octet_length(notice) > 7000
  THEN
    notice := json_build_object('schema', current_schema(), 'origin', coalesce(current_setting('tagdesk.origin', true), ''), 'many', true)::text;
    key := 'many';
  ELSE
    key := sent || key;
  END IF;
  PERFORM pg_notify('tagdesk_changes', notice);
  PERFORM set_config('tagdesk.noticed', key, true);
END
$$;


--
-- Name: tagdesk_relation_spans(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_relation_spans() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF (NOT EXISTS (SELECT 1 FROM span s WHERE s.id = NEW.head_span_id AND s.document_id = NEW.document_id) OR NOT EXISTS (SELECT 1 FROM span s WHERE s.id = NEW.child_span_id AND s.document_id = NEW.document_id)) THEN
    RAISE EXCEPTION 'a relation joins two spans of its own document' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;


--
-- Name: tagdesk_search_vector(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_search_vector(text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $_$ SELECT to_tsvector('pg_catalog.simple'::regconfig, "public".tagdesk_search_words($1)) $_$;


--
-- Name: tagdesk_search_words(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_search_words(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $_$ SELECT regexp_replace("public".tagdesk_fold($1), '[[:punct:]_]+', ' ', 'g') $_$;


--
-- Name: tagdesk_span_entity_label(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_span_entity_label() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = NEW.entity_id AND e.label_id = NEW.label_id) THEN
    RAISE EXCEPTION 'a span links only to an entity of its own label' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;


--
-- Name: tagdesk_span_relation_document(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tagdesk_span_relation_document() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM relation r WHERE r.head_span_id = NEW.id OR r.child_span_id = NEW.id) THEN
    RAISE EXCEPTION 'a span cannot move to another document while a relation names it' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: assignment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.assignment (
    document_id integer NOT NULL,
    annotator text NOT NULL,
    status character varying(16) NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    CONSTRAINT assignment_status_check CHECK (((status)::text = ANY ((ARRAY['todo'::character varying, 'in_progress'::character varying, 'done'::character varying])::text[])))
);


--
-- Name: document; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document (
    id integer NOT NULL,
    text text NOT NULL,
    title text NOT NULL,
    source text NOT NULL,
    meta text NOT NULL,
    sha256 character varying(64) NOT NULL,
    status character varying(16) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    CONSTRAINT document_status_check CHECK (((status)::text = ANY ((ARRAY['todo'::character varying, 'in_progress'::character varying, 'done'::character varying])::text[])))
);


--
-- Name: document_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_counts (
    document_id integer NOT NULL,
    accepted integer NOT NULL,
    suggested integer NOT NULL
);


--
-- Name: document_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.document_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: document_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.document_id_seq OWNED BY public.document.id;


--
-- Name: document_labels; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_labels (
    label_id integer NOT NULL,
    document_id integer NOT NULL,
    spans integer NOT NULL,
    rejected integer NOT NULL
);


--
-- Name: document_tag; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_tag (
    document_id integer NOT NULL,
    tag_id integer NOT NULL
);


--
-- Name: document_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_tokens (
    document_id integer NOT NULL,
    tokenizer text NOT NULL,
    data bytea NOT NULL,
    origin character varying(16) DEFAULT 'tokenizer'::character varying NOT NULL,
    CONSTRAINT document_tokens_origin_check CHECK (((origin)::text = ANY ((ARRAY['data'::character varying, 'tokenizer'::character varying])::text[])))
);


--
-- Name: document_words; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_words (
    document_id integer NOT NULL,
    words tsvector NOT NULL
);
ALTER TABLE ONLY public.document_words ALTER COLUMN words SET STORAGE MAIN;


--
-- Name: entity; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.entity (
    id integer NOT NULL,
    key character varying(200) NOT NULL,
    name text NOT NULL,
    label_id integer NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    external_id text DEFAULT ''::text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: entity_alias; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.entity_alias (
    entity_id integer NOT NULL,
    alias text NOT NULL
);


--
-- Name: entity_former_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.entity_former_key (
    key character varying(200) NOT NULL,
    entity_id integer NOT NULL
);


--
-- Name: entity_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.entity_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: entity_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.entity_id_seq OWNED BY public.entity.id;


--
-- Name: label; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.label (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    colour character varying(7) NOT NULL,
    hotkey character varying(16) NOT NULL,
    description text NOT NULL,
    "position" integer NOT NULL,
    version integer DEFAULT 1 NOT NULL
);


--
-- Name: label_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.label_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: label_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.label_id_seq OWNED BY public.label.id;


--
-- Name: preannotation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.preannotation (
    document_id integer NOT NULL,
    source text NOT NULL,
    finished_at timestamp without time zone NOT NULL
);


--
-- Name: relation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.relation (
    id integer NOT NULL,
    document_id integer NOT NULL,
    type_id integer NOT NULL,
    head_span_id integer NOT NULL,
    child_span_id integer NOT NULL,
    status character varying(16) NOT NULL,
    source text NOT NULL,
    note text NOT NULL,
    annotator text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    meta text,
    CONSTRAINT relation_check CHECK ((head_span_id <> child_span_id)),
    CONSTRAINT relation_status_check CHECK (((status)::text = ANY ((ARRAY['suggested'::character varying, 'accepted'::character varying, 'rejected'::character varying])::text[])))
);


--
-- Name: relation_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.relation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: relation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.relation_id_seq OWNED BY public.relation.id;


--
-- Name: relation_type; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.relation_type (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    colour character varying(7) NOT NULL,
    hotkey character varying(16) NOT NULL,
    directed integer NOT NULL,
    heads text NOT NULL,
    children text NOT NULL,
    description text NOT NULL,
    "position" integer NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    CONSTRAINT relation_type_directed_check CHECK ((directed = ANY (ARRAY[0, 1])))
);


--
-- Name: relation_type_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.relation_type_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: relation_type_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.relation_type_id_seq OWNED BY public.relation_type.id;


--
-- Name: setting; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.setting (
    key character varying(100) NOT NULL,
    value text NOT NULL
);


--
-- Name: span; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.span (
    id integer NOT NULL,
    document_id integer NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    label_id integer NOT NULL,
    source text NOT NULL,
    status character varying(16) NOT NULL,
    note text NOT NULL,
    annotator text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    meta text DEFAULT '{}'::text NOT NULL,
    span_group text DEFAULT ''::text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    entity_id integer,
    derived_from integer,
    CONSTRAINT span_check CHECK (("end" > start)),
    CONSTRAINT span_start_check CHECK ((start >= 0)),
    CONSTRAINT span_status_check CHECK (((status)::text = ANY ((ARRAY['suggested'::character varying, 'accepted'::character varying, 'rejected'::character varying])::text[])))
);


--
-- Name: span_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.span_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: span_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.span_id_seq OWNED BY public.span.id;


--
-- Name: span_tag; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.span_tag (
    span_id integer NOT NULL,
    tag_id integer NOT NULL
);


--
-- Name: suggestion_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.suggestion_log (
    document_id integer NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    label_id integer NOT NULL,
    source text NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: tag; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tag (
    id integer NOT NULL,
    name character varying(200) NOT NULL
);


--
-- Name: tag_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tag_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tag_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tag_id_seq OWNED BY public.tag.id;


--
-- Name: document id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document ALTER COLUMN id SET DEFAULT nextval('public.document_id_seq'::regclass);


--
-- Name: entity id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entity ALTER COLUMN id SET DEFAULT nextval('public.entity_id_seq'::regclass);


--
-- Name: label id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label ALTER COLUMN id SET DEFAULT nextval('public.label_id_seq'::regclass);


--
-- Name: relation id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relation ALTER COLUMN id SET DEFAULT nextval('public.relation_id_seq'::regclass);


--
-- Name: relation_type id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relation_type ALTER COLUMN id SET DEFAULT nextval('public.relation_type_id_seq'::regclass);


--
-- Name: span id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.span ALTER COLUMN id SET DEFAULT nextval('public.span_id_seq'::regclass);


--
-- Name: tag id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tag ALTER COLUMN id SET DEFAULT nextval('public.tag_id_seq'::regclass);


--
-- Data for Name: assignment; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document_counts; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document_labels; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document_tag; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document_tokens; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document_words; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: entity; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: entity_alias; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: entity_former_key; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: label; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.label VALUES (1, 'PERSON', '#ac9dfb', '1', 'People, including fictional', 0, 1);
INSERT INTO public.label VALUES (2, 'ORG', '#4be0cd', '2', 'Companies, agencies, institutions, armed groups', 1, 1);
INSERT INTO public.label VALUES (3, 'GPE', '#fbc159', '3', 'Countries, cities, states', 2, 1);
INSERT INTO public.label VALUES (4, 'LOC', '#fd9562', '4', 'Non-GPE locations, mountain ranges, bodies of water', 3, 1);
INSERT INTO public.label VALUES (5, 'NORP', '#f4a4de', '5', 'Nationalities or religious or political groups', 4, 1);
INSERT INTO public.label VALUES (6, 'FAC', '#7db0aa', '6', 'Buildings, airports, highways, bridges', 5, 1);
INSERT INTO public.label VALUES (7, 'EVENT', '#fbec85', '7', 'Named hurricanes, battles, wars, sports events', 6, 1);
INSERT INTO public.label VALUES (8, 'PRODUCT', '#c9f4cd', '8', 'Objects, vehicles, foods (not services)', 7, 1);
INSERT INTO public.label VALUES (9, 'WORK_OF_ART', '#e6d3ff', '9', 'Titles of books, songs, and so on', 8, 1);
INSERT INTO public.label VALUES (10, 'LAW', '#ff7d8d', 'L', 'Named documents made into laws', 9, 1);
INSERT INTO public.label VALUES (11, 'LANGUAGE', '#b9db81', 'G', 'Any named language', 10, 1);
INSERT INTO public.label VALUES (12, 'DATE', '#b8e7e5', 'D', 'Absolute or relative dates or periods', 11, 1);
INSERT INTO public.label VALUES (13, 'TIME', '#86cafd', 'T', 'Times smaller than a day', 12, 1);
INSERT INTO public.label VALUES (14, 'PERCENT', '#b7c0bd', 'P', 'Percentage, including "%"', 13, 1);
INSERT INTO public.label VALUES (15, 'MONEY', '#aea28e', 'M', 'Monetary values, including unit', 14, 1);
INSERT INTO public.label VALUES (16, 'QUANTITY', '#d0cba3', 'Q', 'Measurements, as of weight or distance', 15, 1);
INSERT INTO public.label VALUES (17, 'ORDINAL', '#d9b9ad', 'O', '"first", "second", and so on', 16, 1);
INSERT INTO public.label VALUES (18, 'CARDINAL', '#b0afc2', 'C', 'Numerals that do not fall under another type', 17, 1);


--
-- Data for Name: preannotation; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: relation; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: relation_type; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.relation_type VALUES (1, 'COMMANDS', '#c0392b', 'c', 1, '["PERSON", "ORG"]', '["ORG", "NORP"]', 'the head leads or commands the child (Soleimani commands the Quds Force)', 0, 1);
INSERT INTO public.relation_type VALUES (2, 'MEMBER_OF', '#2471a3', 'm', 1, '["PERSON", "ORG"]', '["ORG", "NORP", "GPE"]', 'the head belongs to or answers to the child', 1, 1);
INSERT INTO public.relation_type VALUES (3, 'MET', '#1e8449', 't', 0, '["PERSON", "ORG", "GPE", "NORP"]', '["PERSON", "ORG", "GPE", "NORP"]', 'the two met, talked or negotiated', 2, 1);
INSERT INTO public.relation_type VALUES (4, 'LOCATED_IN', '#7d3c98', 'l', 1, '[]', '["GPE", "LOC", "FAC"]', 'the head is, or happened, in the child place', 3, 1);
INSERT INTO public.relation_type VALUES (5, 'DECLARED', '#b9770e', 'd', 1, '["PERSON", "ORG", "GPE", "NORP"]', '[]', 'the head announced, declared or claimed the child', 4, 1);
INSERT INTO public.relation_type VALUES (6, 'ATTACKED', '#922b21', 'a', 1, '["PERSON", "ORG", "GPE", "NORP"]', '[]', 'the head attacked, struck or fought the child', 5, 1);


--
-- Data for Name: setting; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.setting VALUES ('schema_version', '12');


--
-- Data for Name: span; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: span_tag; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: suggestion_log; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: tag; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: document_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.document_id_seq', 1, false);


--
-- Name: entity_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.entity_id_seq', 1, false);


--
-- Name: label_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.label_id_seq', 18, true);


--
-- Name: relation_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.relation_id_seq', 1, false);


--
-- Name: relation_type_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.relation_type_id_seq', 6, true);


--
-- Name: span_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.span_id_seq', 1, false);


--
-- Name: tag_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tag_id_seq', 1, false);


--
-- Name: assignment assignment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment
    ADD CONSTRAINT assignment_pkey PRIMARY KEY (document_id, annotator);


--
-- Name: document_counts document_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_counts
    ADD CONSTRAINT document_counts_pkey PRIMARY KEY (document_id);


--
-- Name: document_labels document_labels_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_labels
    ADD CONSTRAINT document_labels_pkey PRIMARY KEY (label_id, document_id);


--
-- Name: document document_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_pkey PRIMARY KEY (id);


--
-- Name: document_tag document_tag_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_tag
    ADD CONSTRAINT document_tag_pkey PRIMARY KEY (document_id, tag_id);


--
-- Name: document_tokens document_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_tokens
    ADD CONSTRAINT document_tokens_pkey PRIMARY KEY (document_id);


--
-- Name: document_words document_words_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_words
    ADD CONSTRAINT document_words_pkey PRIMARY KEY (document_id);


--
-- Name: entity_alias entity_alias_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entity_alias
    ADD CONSTRAINT entity_alias_pkey PRIMARY KEY (entity_id, alias);


--
-- Name: entity_former_key entity_former_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entity_former_key
    ADD CONSTRAINT entity_former_key_pkey PRIMARY KEY (key);


--
-- Name: entity entity_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entity
    ADD CONSTRAINT entity_pkey PRIMARY KEY (id);


--
-- Name: label label_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label
    ADD CONSTRAINT label_pkey PRIMARY KEY (id);


--
-- Name: preannotation preannotation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.preannotation
    ADD CONSTRAINT preannotation_pkey PRIMARY KEY (document_id);


--
-- Name: relation relation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relation
    ADD CONSTRAINT relation_pkey PRIMARY KEY (id);


--
-- Name: relation_type relation_type_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relation_type
    ADD CONSTRAINT relation_type_pkey PRIMARY KEY (id);


--
-- Name: setting setting_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.setting
    ADD CONSTRAINT setting_pkey PRIMARY KEY (key);


--
-- Name: span span_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.span
    ADD CONSTRAINT span_pkey PRIMARY KEY (id);


--
-- Name: span_tag span_tag_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.span_tag
    ADD CONSTRAINT span_tag_pkey PRIMARY KEY (span_id, tag_id);


--
-- Name: suggestion_log suggestion_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.suggestion_log
    ADD CONSTRAINT suggestion_log_pkey PRIMARY KEY (document_id, start, "end", label_id);


--
-- Name: tag tag_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tag
    ADD CONSTRAINT tag_pkey PRIMARY KEY (id);


--
-- Name: assignment_annotator_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX assignment_annotator_status ON public.assignment USING btree (annotator, status);


--
-- Name: assignment_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX assignment_document_id ON public.assignment USING btree (document_id);


--
-- Name: document_counts_accepted; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_counts_accepted ON public.document_counts USING btree (accepted);


--
-- Name: document_counts_suggested; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_counts_suggested ON public.document_counts USING btree (suggested);


--
-- Name: document_sha256; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX document_sha256 ON public.document USING btree (sha256);


--
-- Name: document_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_status ON public.document USING btree (status);


--
-- Name: document_tag_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_tag_document_id ON public.document_tag USING btree (document_id);


--
-- Name: document_tag_tag_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_tag_tag_id ON public.document_tag USING btree (tag_id);


--
-- Name: document_title_nocase; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_title_nocase ON public.document USING btree (lower((title COLLATE "C")));


--
-- Name: document_words_search; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_words_search ON public.document_words USING gin (words);


--
-- Name: entity_alias_entity_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX entity_alias_entity_id ON public.entity_alias USING btree (entity_id);


--
-- Name: entity_former_key_entity_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX entity_former_key_entity_id ON public.entity_former_key USING btree (entity_id);


--
-- Name: entity_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX entity_key ON public.entity USING btree (key);


--
-- Name: label_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX label_name ON public.label USING btree (name);


--
-- Name: relation_child_span_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX relation_child_span_id ON public.relation USING btree (child_span_id);


--
-- Name: relation_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX relation_document_id ON public.relation USING btree (document_id);


--
-- Name: relation_head_span_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX relation_head_span_id ON public.relation USING btree (head_span_id);


--
-- Name: relation_type_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX relation_type_id ON public.relation USING btree (type_id);


--
-- Name: relation_type_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX relation_type_name ON public.relation_type USING btree (name);


--
-- Name: span_document_id_start_end; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX span_document_id_start_end ON public.span USING btree (document_id, start, "end");


--
-- Name: span_entity_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX span_entity_id ON public.span USING btree (entity_id) WHERE (entity_id IS NOT NULL);


--
-- Name: span_tag_span_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX span_tag_span_id ON public.span_tag USING btree (span_id);


--
-- Name: span_tag_tag_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX span_tag_tag_id ON public.span_tag USING btree (tag_id);


--
-- Name: suggestion_log_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX suggestion_log_document_id ON public.suggestion_log USING btree (document_id);


--
-- Name: suggestion_log_label_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX suggestion_log_label_id ON public.suggestion_log USING btree (label_id);


--
-- Name: tag_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX tag_name ON public.tag USING btree (name);


--
-- Name: document document_counts_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_counts_insert AFTER INSERT ON public.document FOR EACH ROW EXECUTE FUNCTION public.tagdesk_count_document();


--
-- Name: document document_version; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_version BEFORE UPDATE ON public.document FOR EACH ROW WHEN ((new.version = old.version)) EXECUTE FUNCTION public.tagdesk_bump_version();


--
-- Name: document document_words_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_words_insert AFTER INSERT ON public.document FOR EACH ROW EXECUTE FUNCTION public.tagdesk_index_document();


--
-- Name: document document_words_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_words_update AFTER UPDATE OF text ON public.document FOR EACH ROW WHEN ((old.text IS DISTINCT FROM new.text)) EXECUTE FUNCTION public.tagdesk_index_document();


--
-- Name: entity entity_label; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER entity_label BEFORE UPDATE OF label_id ON public.entity FOR EACH ROW WHEN ((old.label_id <> new.label_id)) EXECUTE FUNCTION public.tagdesk_entity_label();


--
-- Name: label label_version; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER label_version BEFORE UPDATE ON public.label FOR EACH ROW WHEN ((new.version = old.version)) EXECUTE FUNCTION public.tagdesk_bump_version();


--
-- Name: relation relation_spans; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER relation_spans BEFORE INSERT OR UPDATE OF document_id, head_span_id, child_span_id ON public.relation FOR EACH ROW EXECUTE FUNCTION public.tagdesk_relation_spans();


--
-- Name: relation_type relation_type_version; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER relation_type_version BEFORE UPDATE ON public.relation_type FOR EACH ROW WHEN ((new.version = old.version)) EXECUTE FUNCTION public.tagdesk_bump_version();


--
-- Name: relation relation_version; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER relation_version BEFORE UPDATE ON public.relation FOR EACH ROW WHEN ((new.version = old.version)) EXECUTE FUNCTION public.tagdesk_bump_version();


--
-- Name: span span_counts_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER span_counts_change AFTER INSERT OR DELETE ON public.span FOR EACH ROW EXECUTE FUNCTION public.tagdesk_count_span();


--
-- Name: span span_counts_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER span_counts_update AFTER UPDATE OF status, label_id, document_id ON public.span FOR EACH ROW WHEN ((((old.status)::text <> (new.status)::text) OR (old.label_id <> new.label_id) OR (old.document_id <> new.document_id))) EXECUTE FUNCTION public.tagdesk_count_span();


--
-- Name: span span_entity_label; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER span_entity_label BEFORE INSERT OR UPDATE OF entity_id, label_id ON public.span FOR EACH ROW WHEN ((new.entity_id IS NOT NULL)) EXECUTE FUNCTION public.tagdesk_span_entity_label();


--
-- Name: span span_relation_document; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER span_relation_document BEFORE UPDATE OF document_id ON public.span FOR EACH ROW WHEN ((old.document_id <> new.document_id)) EXECUTE FUNCTION public.tagdesk_span_relation_document();


--
-- Name: span span_version; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER span_version BEFORE UPDATE ON public.span FOR EACH ROW WHEN ((new.version = old.version)) EXECUTE FUNCTION public.tagdesk_bump_version();


--
-- Name: document tagdesk_notice_document; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tagdesk_notice_document AFTER INSERT OR DELETE OR UPDATE ON public.document FOR EACH ROW WHEN ((current_setting('tagdesk.bulk_import'::text, true) IS DISTINCT FROM 'on'::text)) EXECUTE FUNCTION public.tagdesk_notice();


--
-- Name: document_tag tagdesk_notice_document_tag; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tagdesk_notice_document_tag AFTER INSERT OR DELETE OR UPDATE ON public.document_tag FOR EACH ROW WHEN ((current_setting('tagdesk.bulk_import'::text, true) IS DISTINCT FROM 'on'::text)) EXECUTE FUNCTION public.tagdesk_notice();


--
-- Name: label tagdesk_notice_label; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tagdesk_notice_label AFTER INSERT OR DELETE OR UPDATE ON public.label FOR EACH ROW WHEN ((current_setting('tagdesk.bulk_import'::text, true) IS DISTINCT FROM 'on'::text)) EXECUTE FUNCTION public.tagdesk_notice();


--
-- Name: relation tagdesk_notice_relation; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tagdesk_notice_relation AFTER INSERT OR DELETE OR UPDATE ON public.relation FOR EACH ROW WHEN ((current_setting('tagdesk.bulk_import'::text, true) IS DISTINCT FROM 'on'::text)) EXECUTE FUNCTION public.tagdesk_notice();


--
-- Name: relation_type tagdesk_notice_relation_type; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tagdesk_notice_relation_type AFTER INSERT OR DELETE OR UPDATE ON public.relation_type FOR EACH ROW WHEN ((current_setting('tagdesk.bulk_import'::text, true) IS DISTINCT FROM 'on'::text)) EXECUTE FUNCTION public.tagdesk_notice();


--
-- Name: setting tagdesk_notice_setting; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tagdesk_notice_setting AFTER INSERT OR DELETE OR UPDATE ON public.setting FOR EACH ROW WHEN ((current_setting('tagdesk.bulk_import'::text, true) IS DISTINCT FROM 'on'::text)) EXECUTE FUNCTION public.tagdesk_notice();


--
-- Name: span tagdesk_notice_span; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tagdesk_notice_span AFTER INSERT OR DELETE OR UPDATE ON public.span FOR EACH ROW WHEN ((current_setting('tagdesk.bulk_import'::text, true) IS DISTINCT FROM 'on'::text)) EXECUTE FUNCTION public.tagdesk_notice();


--
-- Name: span_tag tagdesk_notice_span_tag; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tagdesk_notice_span_tag AFTER INSERT OR DELETE OR UPDATE ON public.span_tag FOR EACH ROW WHEN ((current_setting('tagdesk.bulk_import'::text, true) IS DISTINCT FROM 'on'::text)) EXECUTE FUNCTION public.tagdesk_notice();


--
-- Name: assignment assignment_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment
    ADD CONSTRAINT assignment_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: document_counts document_counts_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_counts
    ADD CONSTRAINT document_counts_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: document_tag document_tag_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_tag
    ADD CONSTRAINT document_tag_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: document_tag document_tag_tag_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_tag
    ADD CONSTRAINT document_tag_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES public.tag(id) ON DELETE CASCADE;


--
-- Name: document_tokens document_tokens_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_tokens
    ADD CONSTRAINT document_tokens_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: document_words document_words_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_words
    ADD CONSTRAINT document_words_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: entity_alias entity_alias_entity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entity_alias
    ADD CONSTRAINT entity_alias_entity_id_fkey FOREIGN KEY (entity_id) REFERENCES public.entity(id) ON DELETE CASCADE;


--
-- Name: entity_former_key entity_former_key_entity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entity_former_key
    ADD CONSTRAINT entity_former_key_entity_id_fkey FOREIGN KEY (entity_id) REFERENCES public.entity(id) ON DELETE CASCADE;


--
-- Name: entity entity_label_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entity
    ADD CONSTRAINT entity_label_id_fkey FOREIGN KEY (label_id) REFERENCES public.label(id) ON DELETE RESTRICT;


--
-- Name: preannotation preannotation_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.preannotation
    ADD CONSTRAINT preannotation_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: relation relation_child_span_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relation
    ADD CONSTRAINT relation_child_span_id_fkey FOREIGN KEY (child_span_id) REFERENCES public.span(id);


--
-- Name: relation relation_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relation
    ADD CONSTRAINT relation_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: relation relation_head_span_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relation
    ADD CONSTRAINT relation_head_span_id_fkey FOREIGN KEY (head_span_id) REFERENCES public.span(id);


--
-- Name: relation relation_type_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relation
    ADD CONSTRAINT relation_type_id_fkey FOREIGN KEY (type_id) REFERENCES public.relation_type(id) ON DELETE RESTRICT;


--
-- Name: span span_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.span
    ADD CONSTRAINT span_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: span span_entity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.span
    ADD CONSTRAINT span_entity_id_fkey FOREIGN KEY (entity_id) REFERENCES public.entity(id) ON DELETE RESTRICT;


--
-- Name: span span_label_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.span
    ADD CONSTRAINT span_label_id_fkey FOREIGN KEY (label_id) REFERENCES public.label(id) ON DELETE RESTRICT;


--
-- Name: span_tag span_tag_span_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.span_tag
    ADD CONSTRAINT span_tag_span_id_fkey FOREIGN KEY (span_id) REFERENCES public.span(id) ON DELETE CASCADE;


--
-- Name: span_tag span_tag_tag_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.span_tag
    ADD CONSTRAINT span_tag_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES public.tag(id) ON DELETE CASCADE;


--
-- Name: suggestion_log suggestion_log_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.suggestion_log
    ADD CONSTRAINT suggestion_log_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: suggestion_log suggestion_log_label_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.suggestion_log
    ADD CONSTRAINT suggestion_log_label_id_fkey FOREIGN KEY (label_id) REFERENCES public.label(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


