--
-- PostgreSQL database dump
--

-- Dumped from database version 17.2
-- Dumped by pg_dump version 17.2

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
-- Data for Name: customers; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.customers (customer_code, name, country, email, signed_up) FROM stdin;
ALFRE	Alfreds Shop	GB	alfre@example.gb	2024-01-03
BERGL	Berglunds Markt	DE	bergl@example.de	2023-12-19
BLAUE	Blauer See Shop	GB	blaue@example.gb	2024-09-10
BLIDO	Bólido Shop	CA	blido@example.com	2023-09-28
BONAP	Bon app Shop	ES	\N	2023-02-14
BOTTO	Bottom-Dollar Shop	ES	botto@example.es	2024-04-15
CACTU	Cactus Shop	NL	cactu@example.nl	2024-07-03
CENTR	Centro Shop	GB	centr@example.gb	2023-05-08
CHOPS	Chop-suey Markt	DE	chops@example.de	2024-01-23
COMRC	Comércio Shop	BR	comrc@example.br	2023-03-22
CONSO	Consolidated Shop	SE	conso@example.se	2024-07-19
DRACH	Drachenblut Shop	IT	drach@example.it	2023-10-28
DUMON	Du monde Shop	ES	dumon@example.es	2024-10-05
EASTE	Eastern Shop	US	\N	2024-09-25
ERNST	Ernst Shop	GB	ernst@example.gb	2024-01-06
FAMIL	Familia Shop	CA	famil@example.com	2024-08-14
FOLIE	Folies Shop	CA	folie@example.com	2023-07-16
FRANK	Frankenversand Shop	IT	frank@example.it	2023-03-13
FRANC	France Shop	GB	franc@example.gb	2023-02-16
FURIA	Furia Shop	SE	furia@example.se	2024-11-08
GALER	Galería Shop	SE	galer@example.se	2023-08-22
GODOS	Godos Shop	BR	godos@example.br	2023-10-24
GOURM	Gourmet Shop	AU	\N	2023-03-23
GREAT	Great Lakes Shop	NL	great@example.nl	2023-08-27
HANAR	Hanari Shop	US	hanar@example.com	2023-04-14
HUNGR	Hungry Coyote Shop	US	hungr@example.com	2024-01-25
NORDK	Nordkapp Handel Shop	NO	nordk@example.no	2023-10-12
KNIGL	Königlich Shop	BR	knigl@example.br	2024-04-09
LACOR	La corne Markt	DE	lacor@example.de	2024-10-12
LAUGH	Laughing Markt	DE	laugh@example.de	2024-01-09
LEHMA	Lehmanns Shop	AU	lehma@example.com	2023-06-16
LETSS	Let's Stop Shop	IT	\N	2024-01-15
MAGAZ	Magazzini Shop	FR	magaz@example.fr	2023-12-30
MAISO	Maison Shop	FR	maiso@example.fr	2023-08-03
MREPA	Mère Paillarde Shop	FR	mrepa@example.fr	2024-11-17
MORGE	Morgenstern Shop	US	morge@example.com	2023-10-01
NORTH	North/South Shop	US	north@example.com	2024-11-30
OCANO	Océano Shop	US	ocano@example.com	2024-10-25
OLDWO	Old World Markt	DE	oldwo@example.de	2023-03-15
OTTIL	Ottilies Shop	FR	ottil@example.fr	2024-09-15
\.


--
-- Data for Name: products; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.products (product_id, sku, name, price_cents, in_stock) FROM stdin;
1	SKU-0007	Chai	2953	t
2	SKU-0014	Chang	8901	t
3	SKU-0021	Aniseed Syrup	4160	t
4	SKU-0028	Cajun Seasoning	2827	t
5	SKU-0035	Gumbo Mix	7723	t
6	SKU-0042	Boysenberry Spread	6366	t
7	SKU-0049	Dried Pears	4572	t
8	SKU-0056	Cranberry Sauce	3748	t
9	SKU-0063	Mishi Kobe Niku	5463	t
10	SKU-0070	Ikura	1066	t
11	SKU-0077	Queso Cabrales	3902	f
12	SKU-0084	Queso Manchego	675	t
13	SKU-0091	Konbu	5318	t
14	SKU-0098	Tofu	6722	t
15	SKU-0105	Genen Shouyu	4536	t
16	SKU-0112	Pavlova	1234	t
17	SKU-0119	Alice Mutton	3606	t
18	SKU-0126	Carnarvon Tigers	5305	t
19	SKU-0133	Teatime Biscuits	3633	t
20	SKU-0140	Marmalade	8329	t
21	SKU-0147	Scones	6632	t
22	SKU-0154	Gudbrandsdalsost	7667	f
23	SKU-0161	Flatbrød	2490	t
24	SKU-0168	Tunnbröd	4489	t
25	SKU-0175	Guaraná	2437	t
26	SKU-0182	Nougat-Creme	4190	t
27	SKU-0189	Gummibärchen	8980	t
28	SKU-0196	Schoggi	4454	t
29	SKU-0203	Rössle Sauerkraut	7169	t
30	SKU-0210	Thüringer Rostbratwurst	6693	t
\.


--
-- Data for Name: order_lines; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.order_lines (order_id, line_no, customer_code, product_id, quantity) FROM stdin;
1001	1	GREAT	5	17
1001	2	GREAT	16	3
1002	1	BLIDO	5	6
1003	1	LACOR	3	13
1003	2	LACOR	13	20
1003	3	LACOR	15	17
1003	4	LACOR	9	18
1003	5	LACOR	28	1
1004	1	CENTR	25	9
1004	2	CENTR	25	11
1004	3	CENTR	4	10
1004	4	CENTR	14	6
1004	5	CENTR	15	1
1005	1	FOLIE	25	6
1005	2	FOLIE	17	4
1005	3	FOLIE	28	10
1005	4	FOLIE	27	17
1005	5	FOLIE	20	7
1006	1	COMRC	25	6
1006	2	COMRC	18	17
1006	3	COMRC	30	1
1007	1	OTTIL	11	16
1007	2	OTTIL	1	4
1007	3	OTTIL	30	12
1008	1	FURIA	2	8
1008	2	FURIA	29	19
1009	1	BOTTO	24	16
1010	1	BONAP	25	5
1010	2	BONAP	5	16
1010	3	BONAP	18	6
1010	4	BONAP	9	17
1010	5	BONAP	28	20
1011	1	LACOR	30	18
1011	2	LACOR	25	7
1012	1	FURIA	13	12
1012	2	FURIA	15	17
1012	3	FURIA	15	4
1013	1	FAMIL	3	11
1013	2	FAMIL	1	19
1014	1	NORTH	19	8
1014	2	NORTH	1	3
1015	1	BLIDO	3	2
1015	2	BLIDO	28	11
1016	1	BONAP	8	9
1016	2	BONAP	22	16
1016	3	BONAP	7	18
1016	4	BONAP	5	19
1016	5	BONAP	19	16
1017	1	FAMIL	26	14
1017	2	FAMIL	7	4
1017	3	FAMIL	4	14
1017	4	FAMIL	12	14
1018	1	KNIGL	28	2
1018	2	KNIGL	22	4
1018	3	KNIGL	2	13
1018	4	KNIGL	24	11
1019	1	CACTU	7	7
1019	2	CACTU	18	15
1020	1	CHOPS	6	9
1020	2	CHOPS	15	8
1020	3	CHOPS	28	3
1020	4	CHOPS	15	18
1021	1	CACTU	21	18
1022	1	ALFRE	30	8
1023	1	CONSO	16	16
1023	2	CONSO	7	13
1023	3	CONSO	29	2
1023	4	CONSO	6	13
1024	1	ALFRE	9	15
1024	2	ALFRE	10	14
1024	3	ALFRE	23	18
1024	4	ALFRE	22	16
1025	1	COMRC	10	7
1025	2	COMRC	2	19
1026	1	MORGE	24	11
1027	1	BLIDO	19	16
1028	1	MAISO	6	2
1028	2	MAISO	17	3
1028	3	MAISO	28	6
1028	4	MAISO	3	20
1028	5	MAISO	3	8
1029	1	HUNGR	29	19
1030	1	FAMIL	20	2
1030	2	FAMIL	20	3
1030	3	FAMIL	14	19
1030	4	FAMIL	19	17
1030	5	FAMIL	11	9
1031	1	EASTE	8	9
1031	2	EASTE	13	5
1031	3	EASTE	22	10
1032	1	LEHMA	30	3
1032	2	LEHMA	1	15
1032	3	LEHMA	20	19
1033	1	CACTU	18	7
1034	1	MAISO	5	12
1034	2	MAISO	29	3
1034	3	MAISO	29	8
1035	1	GREAT	6	15
1035	2	GREAT	27	18
1035	3	GREAT	23	10
1036	1	MREPA	22	18
1037	1	FURIA	29	5
1038	1	FOLIE	29	4
1039	1	NORTH	9	10
1039	2	NORTH	20	7
1040	1	GODOS	22	9
1040	2	GODOS	17	16
1041	1	FOLIE	3	14
1042	1	FRANK	1	11
1043	1	CHOPS	6	15
1043	2	CHOPS	18	14
1043	3	CHOPS	18	1
1044	1	CENTR	29	5
1045	1	MORGE	27	12
1046	1	OLDWO	5	14
1046	2	OLDWO	5	2
1046	3	OLDWO	10	12
1046	4	OLDWO	29	2
1046	5	OLDWO	29	12
1047	1	EASTE	22	4
1047	2	EASTE	12	18
1048	1	KNIGL	24	5
1048	2	KNIGL	30	8
1048	3	KNIGL	28	6
1048	4	KNIGL	26	6
1048	5	KNIGL	29	14
1049	1	BERGL	24	11
1049	2	BERGL	26	14
1050	1	FAMIL	6	4
1050	2	FAMIL	13	2
1050	3	FAMIL	28	16
1051	1	ERNST	27	15
1051	2	ERNST	12	10
1052	1	ERNST	1	7
1052	2	ERNST	13	11
1053	1	FRANK	25	9
1054	1	GOURM	13	18
1054	2	GOURM	11	1
1054	3	GOURM	4	9
1054	4	GOURM	6	19
1054	5	GOURM	9	2
1055	1	CACTU	14	12
1055	2	CACTU	24	11
1055	3	CACTU	14	20
1055	4	CACTU	17	4
1055	5	CACTU	13	19
1056	1	DUMON	2	14
1056	2	DUMON	1	17
1056	3	DUMON	30	18
1057	1	DUMON	14	3
1057	2	DUMON	22	11
1057	3	DUMON	20	11
1058	1	CENTR	17	10
1058	2	CENTR	22	14
1058	3	CENTR	11	13
1059	1	FRANC	5	7
1059	2	FRANC	14	13
1059	3	FRANC	22	6
1059	4	FRANC	20	19
1059	5	FRANC	10	13
1060	1	NORTH	10	10
\.


--
-- Name: products_product_id_seq; Type: SEQUENCE SET; Schema: shop; Owner: postgres
--

SELECT pg_catalog.setval('shop.products_product_id_seq', 30, true);


--
-- PostgreSQL database dump complete
--
